package dev.camrelay.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (liveness) or {@code /readyz} (readiness): 200 "ok" or 503 with what is wrong.
 */
final class HealthServlet extends HttpServlet {
    private final BooleanSupplier check;
    private final String failure;

    HealthServlet(BooleanSupplier check, String failure) {
        this.check = check;
        this.failure = failure;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (check.getAsBoolean()) {
            StreamLookup.sendText(response, HttpServletResponse.SC_OK, "ok\n");
        } else {
            StreamLookup.sendText(
                    response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, failure + "\n");
        }
    }
}

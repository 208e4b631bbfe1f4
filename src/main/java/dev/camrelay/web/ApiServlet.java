package dev.camrelay.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.media.Format;
import dev.camrelay.stream.PulledSource;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/streams}: every stream with its format, size, rates, viewers, state and frame
 * age, and for a pulled camera its title and state (also while it has no stream), plus what the
 * page shows around them: the ingest port cameras connect to and whether viewing needs a login;
 * {@code GET /api/ingest}: camera connections and rejections by reason.
 */
final class ApiServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamRegistry registry;
    private final Supplier<Map<String, Object>> ingestStatus;
    private final Supplier<Map<StreamKey, PulledSource>> pulledSources;
    private final boolean viewAuth;

    ApiServlet(
            StreamRegistry registry,
            Supplier<Map<String, Object>> ingestStatus,
            Supplier<Map<StreamKey, PulledSource>> pulledSources,
            boolean viewAuth) {
        this.registry = registry;
        this.ingestStatus = ingestStatus;
        this.pulledSources = pulledSources;
        this.viewAuth = viewAuth;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Object body =
                switch (path) {
                    case "/streams" ->
                            Map.of(
                                    "streams",
                                    PulledSource.annotate(
                                            registry.listing(),
                                            pulledSources.get(),
                                            Format.H264.wireName()),
                                    "ingestPort",
                                    ingestStatus.get().get("port"),
                                    "viewAuth",
                                    viewAuth);
                    case "/ingest" -> ingestStatus.get();
                    default -> null;
                };
        if (body == null) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "unknown API path; try /api/streams or /api/ingest\n");
            return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

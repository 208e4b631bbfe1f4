package dev.camrelay.web.auth;

import dev.camrelay.web.auth.ViewGuard.Verdict;
import dev.camrelay.web.auth.ViewPaths.Target;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The first filter when view auth is on: every request needs a session cookie or a token that
 * covers its path (see {@link ViewPaths}), except the login, health and ingest. A browser
 * navigating to the dashboard without a session is sent to the login page; anything else gets a
 * plain-text 401 (or 403 for a genuine token of another scope). WebSocket upgrades to the stream
 * routes pass on: the endpoint checks them itself (Jetty's upgrade filter may run before this one)
 * and answers with a close code. Stateless; never logs a token.
 */
final class ViewAuthFilter extends HttpFilter {
    private final ViewGuard guard;

    ViewAuthFilter(ViewGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = Credentials.path(request);
        Target target = ViewPaths.classify(path);
        if (target.kind() == ViewPaths.Kind.OPEN
                || isWebSocketUpgrade(request) && ViewPaths.isWebSocketRoute(path)) {
            chain.doFilter(request, response);
            return;
        }
        Verdict verdict =
                guard.check(
                        target, Credentials.sessionCookies(request), Credentials.tokens(request));
        if (verdict.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        if (("GET".equals(method) || "HEAD".equals(method))
                && ("/".equals(path) || "/index.html".equals(path))) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", request.getContextPath() + "/login.html");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
            return;
        }
        if (verdict.outcome().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"camrelay\"");
        }
        sendText(response, verdict.outcome().httpStatus(), verdict.message() + "\n");
    }

    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    static void sendText(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

package dev.camrelay.web.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.stream.StreamKey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/sign?stream=<name>&ttl=<seconds>}: a signed view token for one stream (or {@code
 * *}) and ready-made URLs, so an operator can embed a camera elsewhere. Behind the view-auth filter
 * like all of {@code /api}, so only a logged-in session or a {@code *} token gets here; a token
 * signs only tokens that expire no later than itself.
 */
final class SignServlet extends HttpServlet {
    static final long DEFAULT_TTL_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ViewGuard guard;

    SignServlet(ViewGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String stream = request.getParameter("stream");
        if (stream == null || !(ViewTokens.ALL.equals(stream) || StreamKey.isValidName(stream))) {
            ViewAuthFilter.sendText(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "stream must be a stream name (1-64 of A-Z a-z 0-9 _ -) or * (every stream, the API and metrics)\n");
            return;
        }
        long ttl;
        String ttlParameter = request.getParameter("ttl");
        try {
            ttl =
                    ttlParameter == null || ttlParameter.isEmpty()
                            ? DEFAULT_TTL_SECONDS
                            : Long.parseLong(ttlParameter);
        } catch (NumberFormatException e) {
            ttl = -1;
        }
        if (ttl < 1 || ttl > ViewTokens.MAX_TTL_SECONDS) {
            ViewAuthFilter.sendText(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "ttl must be whole seconds from 1 to "
                            + ViewTokens.MAX_TTL_SECONDS
                            + " (7 days); default "
                            + DEFAULT_TTL_SECONDS
                            + "\n");
            return;
        }
        long now = guard.now();
        long signerExpiry = signerExpiry(request);
        if (ttlParameter == null || ttlParameter.isEmpty()) {
            ttl = Math.min(ttl, signerExpiry - now);
        }
        long expires = now + ttl;
        if (expires > signerExpiry) {
            ViewAuthFilter.sendText(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "a token can sign only tokens that expire no later than itself (ttl at most "
                            + (signerExpiry - now)
                            + "); log in for longer ones\n");
            return;
        }
        String token = guard.tokens().sign(stream, expires);
        String base = request.getContextPath();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        body.put("token", token);
        body.put("expires", expires);
        body.put("ttl", ttl);
        if (ViewTokens.ALL.equals(stream)) {
            body.put("api", base + "/api/streams?token=" + token);
            body.put("metrics", base + "/metrics?token=" + token);
        } else {
            body.put("mjpeg", base + "/mjpeg/" + stream + "?token=" + token);
            body.put("snapshot", base + "/snapshot/" + stream + ".jpg?token=" + token);
            body.put("ws", base + "/ws/" + stream + "?token=" + token);
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * How long the signer's own credentials last: a login session signs up to the maximum; a {@code
     * *} token (the filter let nothing weaker in) only until it expires itself, so a short-lived
     * token cannot mint a long-lived one.
     */
    private long signerExpiry(HttpServletRequest request) {
        long now = guard.now();
        if (guard.hasSession(Credentials.sessionCookies(request))) {
            return now + ViewTokens.MAX_TTL_SECONDS;
        }
        long latest = now;
        for (String token : Credentials.tokens(request)) {
            if (guard.tokens().verify(token, ViewTokens.ALL, now) == ViewTokens.Check.VALID) {
                latest = Math.max(latest, ViewTokens.expiry(token));
            }
        }
        return latest;
    }
}

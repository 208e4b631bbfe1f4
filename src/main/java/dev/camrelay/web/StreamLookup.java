package dev.camrelay.web;

import dev.camrelay.media.Quality;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Finds the stream a request names, answering unknown names with a clear 404. */
final class StreamLookup {
    private final StreamRegistry registry;

    StreamLookup(StreamRegistry registry) {
        this.registry = registry;
    }

    /**
     * {@code ?quality=low|high}: high when absent, and the other rendition when that is all there
     * is.
     */
    Optional<LiveStream> find(String name, String qualityParameter) {
        return registry.find(name, Quality.fromParameter(qualityParameter));
    }

    /** The stream, or empty after a 404 has been sent. */
    Optional<LiveStream> findOrNotFound(
            String name, String qualityParameter, HttpServletResponse response) throws IOException {
        Optional<LiveStream> stream = find(name, qualityParameter);
        if (stream.isEmpty()) {
            sendUnknown(response, name);
        }
        return stream;
    }

    /** The 404 for a stream name nobody publishes. */
    static void sendUnknown(HttpServletResponse response, String name) throws IOException {
        sendText(response, HttpServletResponse.SC_NOT_FOUND, "unknown stream '" + name + "'\n");
    }

    static void sendText(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void noCaching(HttpServletResponse response) {
        response.setHeader(
                "Cache-Control", "no-cache, no-store, must-revalidate, private, max-age=0");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
    }
}

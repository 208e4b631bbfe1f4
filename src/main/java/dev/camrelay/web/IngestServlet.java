package dev.camrelay.web;

import dev.camrelay.media.Demuxer;
import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamLimitException;
import dev.camrelay.stream.StreamRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP push ingest: {@code POST} or {@code PUT /ingest/<name>?format=ts|h264|mjpeg} with a (usually
 * chunked, never-ending) body in the format's raw byte stream, e.g. {@code ffmpeg ... -f mpegts
 * http://host:8080/ingest/cam1}. MPEG-TS is the default, as with jsmpeg's relay. The body is read
 * with non-blocking servlet I/O and demuxed into the same hub the TCP ingest feeds. Everything is
 * validated before a stream is touched: a rejected request publishes nothing.
 */
final class IngestServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServlet.class);
    private final StreamRegistry registry;
    private final int maxFrameBytes;
    private final PublishGate gate;

    IngestServlet(StreamRegistry registry, int maxFrameBytes, PublishGate gate) {
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
        this.gate = gate;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        if (!StreamKey.isValidName(name)) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "stream names are 1-64 of A-Z a-z 0-9 _ -\n");
            return;
        }
        String formatParameter = request.getParameter("format");
        Optional<Format> format =
                formatParameter == null
                        ? Optional.of(Format.TS)
                        : Format.fromWireName(formatParameter).filter(Format::pushable);
        if (format.isEmpty()) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "format must be ts, h264 or mjpeg\n");
            return;
        }
        String qualityParameter = request.getParameter("quality");
        if (qualityParameter != null && Quality.fromWireName(qualityParameter).isEmpty()) {
            StreamLookup.sendText(
                    response, HttpServletResponse.SC_BAD_REQUEST, "quality must be low or high\n");
            return;
        }
        if (!admitted(name, request, response)) {
            return;
        }
        Publication publication;
        try {
            publication =
                    registry.publish(
                            new StreamKey(name, Quality.fromParameter(qualityParameter)),
                            format.get());
        } catch (StreamLimitException e) {
            StreamLookup.sendText(
                    response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage() + "\n");
            return;
        }
        Demuxer demuxer = Demuxers.of(format.get(), maxFrameBytes);
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletInputStream body = request.getInputStream();
        body.setReadListener(
                new PushReader(
                        async,
                        body,
                        response,
                        publication,
                        demuxer,
                        Math.max(1L << 20, maxFrameBytes)));
    }

    /**
     * Publish auth before any stream state exists: {@code Authorization: Bearer <token>} or {@code
     * ?token=}. A refusal is answered after the gate's random delay, on a timer thread.
     */
    private boolean admitted(String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String authorization = request.getHeader("Authorization");
        String token =
                authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorization.substring(7).trim()
                        : request.getParameter("token");
        InetAddress from = InetAddress.getByName(request.getRemoteAddr());
        switch (gate.check(name, token, from, System.currentTimeMillis())) {
            case ALLOWED:
                return true;
            case LOCKED_OUT:
                refuseLater(
                        request,
                        response,
                        429,
                        "too many wrong tokens from this address; try again in a minute\n");
                return false;
            case BAD_TOKEN:
                refuseLater(
                        request,
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "wrong token for '" + name + "'\n");
                return false;
            default:
                response.setHeader("WWW-Authenticate", "Bearer realm=\"camrelay publish\"");
                refuseLater(
                        request,
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "publishing needs a token: Authorization: Bearer <token> or ?token=\n");
                return false;
        }
    }

    private static void refuseLater(
            HttpServletRequest request, HttpServletResponse response, int status, String message) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Executor later =
                CompletableFuture.delayedExecutor(
                        PublishGate.failureDelayMillis(), TimeUnit.MILLISECONDS);
        later.execute(
                () -> {
                    try {
                        StreamLookup.sendText(response, status, message);
                    } catch (IOException e) {
                        LOG.debug("answering a refused HTTP push", e);
                    } finally {
                        async.complete();
                    }
                });
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        doPost(request, response);
    }
}

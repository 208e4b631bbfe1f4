package dev.camrelay.web;

import dev.camrelay.media.Format;
import dev.camrelay.media.Multipart;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.LatestWinsSlot;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.ViewerFeed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * {@code GET /mjpeg/<name>}: the stream as {@code multipart/x-mixed-replace}, for an {@code <img>}.
 * The latest JPEG goes out at once, then every new one; the response never ends on its own. A
 * stream with {@code max.viewers} viewers answers 503 with {@code Retry-After}. Parts are written
 * with Jetty's {@link HttpOutput} on both start paths ({@code mvn jetty:run} exposes it to the
 * webapp through {@code src/main/jetty/jetty-run-context.xml}).
 */
final class MjpegServlet extends HttpServlet {
    private static final String RETRY_AFTER_SECONDS = "10";
    private final StreamRegistry registry;
    private final AutoQualityPolicy autoPolicy;
    private final long stallNanos;
    private final Executor delivery;
    private final ViewerSendBuffer sendBuffer;

    MjpegServlet(
            StreamRegistry registry,
            AutoQualityPolicy autoPolicy,
            long stallNanos,
            Executor delivery,
            ViewerSendBuffer sendBuffer) {
        this.registry = registry;
        this.autoPolicy = autoPolicy;
        this.stallNanos = stallNanos;
        this.delivery = delivery;
        this.sendBuffer = sendBuffer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo();
        serve(path == null ? "" : path.substring(1), request, response);
    }

    /** Also used for the legacy {@code /stream<N>} route. */
    void serve(String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ViewerOptions options = ViewerOptions.fromServletParameters(request.getParameterMap());
        Optional<ViewerFeed> found =
                ViewerFeed.open(
                        registry,
                        name,
                        options.quality(),
                        options.autoPolicy(autoPolicy),
                        (stream, drops) -> options.thin(new LatestWinsSlot(drops), true, drops));
        if (found.isEmpty()) {
            StreamLookup.sendUnknown(response, name);
            return;
        }
        ViewerFeed feed = found.get();
        if (feed.format() != Format.MJPEG) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "stream '"
                            + name
                            + "' is "
                            + feed.format().wireName()
                            + ", not MJPEG; watch it on /ws/"
                            + name
                            + "\n");
            return;
        }
        // attached before anything is committed, so a full stream can still answer 503
        HttpOutput out = (HttpOutput) response.getOutputStream();
        MjpegHttpViewer viewer = new MjpegHttpViewer(out, feed, stallNanos, delivery);
        if (!feed.attach(viewer)) {
            feed.detach();
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "stream '"
                            + name
                            + "' has as many viewers as it takes (max.viewers); try again later\n");
            return;
        }
        ViewerSendBuffer.socketOf(request)
                .ifPresent(socket -> sendBuffer.fit(socket, feed.stream()));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Multipart.CONTENT_TYPE);
        StreamLookup.noCaching(response);
        // tells nginx-style proxies not to buffer a response that never ends
        response.setHeader("X-Accel-Buffering", "no");
        try {
            out.write(ByteBuffer.wrap(Multipart.preamble()));
        } catch (IOException e) {
            viewer.close("preamble not written: " + e);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        viewer.start(async);
    }
}

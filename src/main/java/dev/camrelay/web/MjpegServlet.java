package dev.camrelay.web;

import dev.camrelay.media.Format;
import dev.camrelay.media.Multipart;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.LatestWinsSlot;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.ViewerFeed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code GET /mjpeg/<name>}: the stream as {@code multipart/x-mixed-replace}, for an {@code <img>}.
 * The latest JPEG goes out at once, then every new one; the response never ends on its own.
 */
final class MjpegServlet extends HttpServlet {
    private final StreamRegistry registry;
    private final AutoQualityPolicy autoPolicy;
    private final long stallNanos;
    private final Executor delivery;

    MjpegServlet(StreamRegistry registry, AutoQualityPolicy autoPolicy, long stallNanos, Executor delivery) {
        this.registry = registry;
        this.autoPolicy = autoPolicy;
        this.stallNanos = stallNanos;
        this.delivery = delivery;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        serve(path == null ? "" : path.substring(1), request, response);
    }

    /** Also used for the legacy {@code /stream<N>} route. */
    void serve(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ViewerOptions options = ViewerOptions.fromServletParameters(request.getParameterMap());
        Optional<ViewerFeed> found = ViewerFeed.open(registry, name, options.quality(), options.autoPolicy(autoPolicy),
                (stream, drops) -> options.thin(new LatestWinsSlot(drops), true, drops));
        if (found.isEmpty()) {
            StreamLookup.sendUnknown(response, name);
            return;
        }
        ViewerFeed feed = found.get();
        if (feed.format() != Format.MJPEG) {
            StreamLookup.sendText(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "stream '" + name + "' is " + feed.format().wireName() + ", not MJPEG; watch it on /ws/" + name + "\n");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Multipart.CONTENT_TYPE);
        StreamLookup.noCaching(response);
        // tells nginx-style proxies not to buffer a response that never ends
        response.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = response.getOutputStream();
        Optional<BufferOutput> buffers = BufferOutput.of(out);
        if (buffers.isPresent()) {
            buffers.get().write(ByteBuffer.wrap(Multipart.preamble()));
        } else {
            out.write(Multipart.preamble());
            out.flush();
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        MjpegHttpViewer viewer = new MjpegHttpViewer(async, out, buffers.orElse(null), feed, stallNanos, delivery);
        async.addListener(viewer);
        out.setWriteListener(viewer);
    }
}

package dev.camrelay.web;

import dev.camrelay.media.Format;
import dev.camrelay.media.Multipart;
import dev.camrelay.stream.LiveStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code GET /mjpeg/<name>}: the stream as {@code multipart/x-mixed-replace}, for an {@code <img>}.
 * The latest JPEG goes out at once, then every new one; the response never ends on its own.
 */
final class MjpegServlet extends HttpServlet {
    private final StreamLookup lookup;
    private final long stallNanos;
    private final Executor delivery;

    MjpegServlet(StreamLookup lookup, long stallNanos, Executor delivery) {
        this.lookup = lookup;
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
        Optional<LiveStream> found = lookup.findOrNotFound(name, request.getParameter("quality"), response);
        if (found.isEmpty()) {
            return;
        }
        LiveStream stream = found.get();
        if (stream.format() != Format.MJPEG) {
            StreamLookup.sendText(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "stream '" + name + "' is " + stream.format().wireName() + ", not MJPEG; watch it on /ws/" + name + "\n");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Multipart.CONTENT_TYPE);
        StreamLookup.noCaching(response);
        // tells nginx-style proxies not to buffer a response that never ends
        response.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = response.getOutputStream();
        out.write(Multipart.preamble());
        out.flush();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        MjpegHttpViewer viewer = new MjpegHttpViewer(async, out, stream, stallNanos, ViewerOptions.fromServletParameters(request.getParameterMap()), delivery);
        async.addListener(viewer);
        out.setWriteListener(viewer);
    }
}

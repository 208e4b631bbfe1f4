package dev.camrelay.web;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.stream.LiveStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** {@code GET /snapshot/<name>.jpg}: the latest JPEG of a stream. */
final class SnapshotServlet extends HttpServlet {
    private final StreamLookup lookup;

    SnapshotServlet(StreamLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String name = path.endsWith(".jpg") ? path.substring(0, path.length() - 4) : path;
        Optional<LiveStream> found =
                lookup.findOrNotFound(name, request.getParameter("quality"), response);
        if (found.isEmpty()) {
            return;
        }
        if (found.get().format() != Format.MJPEG) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "stream '" + name + "' is not MJPEG\n");
            return;
        }
        Optional<Frame> latest = found.get().latest();
        if (latest.isEmpty()) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "stream '" + name + "' has no frame yet\n");
            return;
        }
        Frame frame = latest.get();
        response.setContentType("image/jpeg");
        StreamLookup.noCaching(response);
        response.setContentLength(frame.size());
        response.getOutputStream().write(frame.copyPayload());
    }
}

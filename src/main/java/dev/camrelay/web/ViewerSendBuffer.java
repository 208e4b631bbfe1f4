package dev.camrelay.web;

import dev.camrelay.stream.LiveStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the kernel send buffer of a viewer's connection when it attaches. Left to TCP auto-tuning,
 * that buffer grows to megabytes under the viewer's latest-wins slot or keyframe queue, so a slow
 * viewer watches pictures seconds old and its writes seem to keep up long after its link has not
 * (which is what {@code ?quality=auto} judges). By default it holds about two of the stream's
 * pictures: the size of the largest picture a joining viewer is handed, which Linux doubles for its
 * bookkeeping. An explicit {@code http.send.buffer} is used for every viewer instead. The Jetty
 * types used to reach the socket are exposed to the webapp under {@code mvn jetty:run} by {@code
 * src/main/jetty/jetty-run-context.xml}. Immutable.
 */
public final class ViewerSendBuffer {
    /** Below this, a write of even a small picture would take many wake-ups. */
    static final int MIN_BYTES = 16 * 1024;

    /** A stream of huge pictures must not pin megabytes of kernel memory per viewer. */
    static final int MAX_BYTES = 1024 * 1024;

    /** Before the stream's first picture: about one 720p JPEG. */
    static final int UNKNOWN_PICTURE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ViewerSendBuffer.class);

    private final int configuredBytes;

    /** {@code configuredBytes} is {@code http.send.buffer}: 0 sizes each viewer to its stream. */
    public ViewerSendBuffer(int configuredBytes) {
        this.configuredBytes = configuredBytes;
    }

    /** The bytes asked of the kernel for a viewer of {@code stream}. */
    public int bytesFor(LiveStream stream) {
        if (configuredBytes > 0) {
            return configuredBytes;
        }
        int picture = stream.joinFrameBytes();
        return Math.max(
                MIN_BYTES, Math.min(MAX_BYTES, picture == 0 ? UNKNOWN_PICTURE_BYTES : picture));
    }

    /**
     * The socket under a request, while the request is still being handled (a WebSocket upgrade
     * keeps it); empty for a transport that is not a TCP socket channel.
     */
    public static Optional<SocketChannel> socketOf(HttpServletRequest request) {
        ServletContextRequest jettyRequest =
                ServletContextRequest.getServletContextRequest(request);
        if (jettyRequest == null) {
            return Optional.empty();
        }
        ConnectionMetaData connection = jettyRequest.getConnectionMetaData();
        return connection.getConnection().getEndPoint().getTransport() instanceof SocketChannel tcp
                ? Optional.of(tcp)
                : Optional.empty();
    }

    /** Sizes the socket's send buffer for a viewer of {@code stream}. */
    public void fit(SocketChannel socket, LiveStream stream) {
        int bytes = bytesFor(stream);
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
        } catch (IOException | UnsupportedOperationException e) {
            // a connection closing under us: its viewer ends at its next write
            LOG.debug("send buffer of a viewer of {} not set to {}", stream.key(), bytes, e);
        }
    }
}

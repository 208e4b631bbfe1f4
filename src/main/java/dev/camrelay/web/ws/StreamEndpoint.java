package dev.camrelay.web.ws;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamRegistry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/<name>}: a stream's frames as binary WebSocket messages, in the stream's own format.
 * Viewers send nothing of interest, so inbound messages are bounded small.
 */
public final class StreamEndpoint extends Endpoint {
    /** Application close codes (4000-4999): the stream is unknown, or its format cannot be delivered here yet. */
    static final CloseReason.CloseCode UNKNOWN_STREAM = CloseReason.CloseCodes.getCloseCode(4404);
    static final CloseReason.CloseCode UNSUPPORTED = CloseReason.CloseCodes.getCloseCode(4415);
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);
    private static final int MAX_INBOUND_BYTES = 4096;

    private final StreamRegistry registry;
    private final long stallNanos;

    public StreamEndpoint(StreamRegistry registry, long stallNanos) {
        this.registry = registry;
        this.stallNanos = stallNanos;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxBinaryMessageBufferSize(MAX_INBOUND_BYTES);
        session.setMaxTextMessageBufferSize(MAX_INBOUND_BYTES);
        session.getAsyncRemote().setSendTimeout(stallNanos / 1_000_000);
        String name = session.getPathParameters().get("name");
        Optional<LiveStream> found = registry.find(name, quality(session.getRequestParameterMap()));
        if (found.isEmpty()) {
            closeQuietly(session, new CloseReason(UNKNOWN_STREAM, "unknown stream"));
            return;
        }
        LiveStream stream = found.get();
        if (stream.format() != Format.MJPEG) {
            closeQuietly(session, new CloseReason(UNSUPPORTED, stream.format().wireName() + " delivery is not supported yet"));
            return;
        }
        MjpegWsViewer viewer = new MjpegWsViewer(session, stream, stallNanos);
        session.getUserProperties().put(MjpegWsViewer.class.getName(), viewer);
        if (!stream.attach(viewer)) {
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "stream is full"));
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        Object viewer = session.getUserProperties().get(MjpegWsViewer.class.getName());
        if (viewer instanceof MjpegWsViewer v) {
            v.close("client closed: " + closeReason.getCloseCode().getCode());
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.debug("WebSocket error", failure);
        onClose(session, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "error"));
    }

    private static Quality quality(Map<String, List<String>> parameters) {
        List<String> values = parameters.get("quality");
        return Quality.fromParameter(values == null || values.isEmpty() ? null : values.get(0));
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.debug("closing WebSocket", e);
        }
    }
}

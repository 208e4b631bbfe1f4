package dev.camrelay.web.ws;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.web.ViewerOptions;
import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.DropCounter;
import dev.camrelay.stream.KeyframeQueue;
import dev.camrelay.stream.LatestWinsSlot;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.ViewerFeed;
import dev.camrelay.stream.ViewerQueue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/<name>} (and the original server's {@code /stream<N>} as an upgrade): a stream's
 * frames as binary WebSocket messages in the stream's own format: one JPEG, one H.264 access unit
 * in Annex B, or one picture's run of whole MPEG-TS packets per message. Viewers send nothing of interest, so inbound messages are bounded.
 */
public final class StreamEndpoint extends Endpoint {
    /** Application close code (4000-4999): no such stream. */
    static final CloseReason.CloseCode UNKNOWN_STREAM = CloseReason.CloseCodes.getCloseCode(4404);
    /** Application close code: the page's origin may not open viewer WebSockets. */
    static final CloseReason.CloseCode FORBIDDEN = CloseReason.CloseCodes.getCloseCode(4403);
    /** Application close code: the asked-for format cannot carry this stream (fmp4 needs H.264). */
    static final CloseReason.CloseCode UNSUPPORTED_FORMAT = CloseReason.CloseCodes.getCloseCode(4415);
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);
    private static final int MAX_INBOUND_BYTES = 4096;

    private static final Pattern LEGACY_NAME = Pattern.compile("stream[0-9]{1,5}");

    private final StreamRegistry registry;
    private final RelayConfig relayConfig;
    private final Executor delivery;
    private final AutoQualityPolicy autoPolicy;

    public StreamEndpoint(StreamRegistry registry, RelayConfig config, AutoQualityPolicy autoPolicy, Executor delivery) {
        this.registry = registry;
        this.relayConfig = config;
        this.autoPolicy = autoPolicy;
        this.delivery = delivery;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (config.getUserProperties().containsKey(OriginCheck.REFUSED)) {
            closeQuietly(session, new CloseReason(FORBIDDEN, "origin not allowed"));
            return;
        }
        // view auth (issue 5): the verdict recorded at the handshake; refused before any viewer is attached (4401/4403)
        CloseReason refused = dev.camrelay.web.auth.ViewAuth.refusal(relayConfig.viewAuth(), config);
        if (refused != null) {
            closeQuietly(session, refused);
            return;
        }
        session.setMaxBinaryMessageBufferSize(MAX_INBOUND_BYTES);
        session.setMaxTextMessageBufferSize(MAX_INBOUND_BYTES);
        session.getAsyncRemote().setSendTimeout(relayConfig.viewerStallTimeout().toMillis());
        String name = session.getPathParameters().get("name");
        boolean legacyRoute = !session.getRequestURI().getPath().contains("/ws/");
        ViewerOptions options = ViewerOptions.from(session.getRequestParameterMap());
        Optional<ViewerFeed> found = legacyRoute && !LEGACY_NAME.matcher(name).matches()
                ? Optional.empty()
                : ViewerFeed.open(registry, name, options.quality(), options.autoPolicy(autoPolicy), (stream, drops) -> queue(stream, drops, options));
        if (found.isEmpty()) {
            closeQuietly(session, new CloseReason(UNKNOWN_STREAM, "unknown stream"));
            return;
        }
        if (options.fmp4() && found.get().format() != Format.H264) {
            closeQuietly(session, new CloseReason(UNSUPPORTED_FORMAT, "format=fmp4 needs an H.264 stream"));
            return;
        }
        Function<Frame, ByteBuffer> payloads = options.fmp4() ? new Fmp4Payloads() : Frame::payload;
        WsViewer viewer = new WsViewer(session, found.get(), relayConfig.viewerStallTimeout().toNanos(), relayConfig.wsPing().toNanos(), delivery,
                payloads);
        session.getUserProperties().put(WsViewer.class.getName(), viewer);
        if (!found.get().attach(viewer)) {
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "stream is full"));
        }
    }

    /** Latest-wins for JPEGs, which stand alone; skip-to-keyframe for H.264 and TS. */
    private ViewerQueue queue(LiveStream stream, DropCounter drops, ViewerOptions options) {
        boolean mjpeg = stream.format() == Format.MJPEG;
        ViewerQueue bounded = mjpeg
                ? new LatestWinsSlot(drops)
                : new KeyframeQueue(relayConfig.wsQueueFrames(), relayConfig.wsQueueBytes(), drops);
        return options.thin(bounded, mjpeg, drops);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        Object viewer = session.getUserProperties().get(WsViewer.class.getName());
        if (viewer instanceof WsViewer v) {
            v.close("client closed: " + closeReason.getCloseCode().getCode());
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.debug("WebSocket error", failure);
        onClose(session, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "error"));
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.debug("closing WebSocket", e);
        }
    }
}

package dev.camrelay.web.ws;

import dev.camrelay.media.Frame;
import dev.camrelay.stream.ViewerFeed;
import dev.camrelay.web.WritePump;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket viewer: one binary message per frame (a JPEG, or an H.264 access unit), taken
 * from its {@link ViewerFeed} with one async send in flight. The queue's policy depends on the
 * format: latest-wins for MJPEG, skip-to-keyframe for H.264 and TS. A frame's message is its
 * payload, or what the viewer's {@code payloads} make of it (fMP4); null there skips the frame.
 */
final class WsViewer implements ViewerFeed.Viewer {
    private static final Logger LOG = LoggerFactory.getLogger(WsViewer.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final ViewerFeed feed;
    private final long stallNanos;
    private final long pingNanos;
    private final WritePump pump;
    private final Function<Frame, ByteBuffer> payloads;
    /** The non-blocking ping, or null where only Jakarta's blocking one is available. */
    private final CorePing corePing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastActivityNanos = System.nanoTime();

    WsViewer(Session session, ViewerFeed feed, long stallNanos, long pingNanos, Executor delivery,
            Function<Frame, ByteBuffer> payloads) {
        this.session = session;
        this.payloads = payloads;
        this.feed = feed;
        this.stallNanos = stallNanos;
        this.pingNanos = pingNanos;
        this.pump = new WritePump(feed::take, this::send, delivery);
        this.corePing = CorePing.of(session).orElse(null);
    }

    @Override
    public void wake() {
        pump.iterate();
    }

    /**
     * Closes a viewer whose send has stalled past the limit; pings one that has had nothing to
     * receive for a while (a camera gone quiet), so proxies and NATs keep the connection. The
     * ping is only sent while no send is in flight, so it cannot queue behind a stalled one, and
     * on the embedded Jetty it is queued without waiting ({@link CorePing}): housekeeping calls this
     * for every viewer of every stream and must never block on one socket.
     */
    @Override
    public void checkStall(long nowNanos) {
        if (pump.stalled(nowNanos, stallNanos)) {
            close("send stalled for more than " + stallNanos / 1_000_000 + " ms");
        } else if (pump.writeStartedNanos() == 0 && nowNanos - lastActivityNanos > pingNanos && session.isOpen()) {
            lastActivityNanos = nowNanos;
            if (corePing != null) {
                corePing.send(failure -> close("ping failed: " + failure));
                return;
            }
            try {
                session.getAsyncRemote().sendPing(EMPTY.duplicate());
            } catch (IOException | IllegalStateException e) {
                close("ping failed: " + e);
            }
        }
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.debug("WebSocket viewer of {} closed: {}", feed.stream().key(), reason);
            feed.detach();
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, truncate(reason)));
            } catch (IOException | IllegalStateException e) {
                LOG.debug("closing WebSocket of {}", feed.stream().key(), e);
            }
        }
    }

    private void send(Frame frame, Runnable done) {
        if (closed.get()) {
            return;
        }
        ByteBuffer payload = payloads.apply(frame);
        if (payload == null) {
            done.run();
            return;
        }
        int size = payload.remaining();
        session.getAsyncRemote().sendBinary(payload, result -> {
            if (result.isOK()) {
                lastActivityNanos = System.nanoTime();
                feed.delivered(size);
                done.run();
            } else {
                close("send failed: " + result.getException());
            }
        });
    }

    /** Close reasons are limited to 123 bytes on the wire. */
    private static String truncate(String reason) {
        return reason.length() <= 100 ? reason : reason.substring(0, 100);
    }
}

package dev.camrelay.web.ws;

import dev.camrelay.media.Frame;
import dev.camrelay.stream.LatestWinsSlot;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Subscriber;
import dev.camrelay.web.WritePump;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket viewer of an MJPEG stream: one JPEG per binary message, latest wins, one async
 * send in flight. The dashboard uses this so a grid of many cameras is not capped by the
 * browser's six HTTP/1.1 connections per host.
 */
final class MjpegWsViewer implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(MjpegWsViewer.class);

    private final Session session;
    private final LiveStream stream;
    private final long stallNanos;
    private final LatestWinsSlot slot = new LatestWinsSlot();
    private final WritePump pump;
    private final AtomicBoolean closed = new AtomicBoolean();

    MjpegWsViewer(Session session, LiveStream stream, long stallNanos) {
        this.session = session;
        this.stream = stream;
        this.stallNanos = stallNanos;
        this.pump = new WritePump(slot::take, this::send);
    }

    @Override
    public void offer(Frame frame) {
        if (slot.offer(frame)) {
            stream.viewerStats().dropped();
        }
        pump.iterate();
    }

    @Override
    public void checkStall(long nowNanos) {
        long started = pump.writeStartedNanos();
        if (started != 0 && nowNanos - started > stallNanos) {
            close("write stalled for more than " + stallNanos / 1_000_000 + " ms");
        }
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.debug("WebSocket viewer of {} closed: {}", stream.key(), reason);
            stream.detach(this);
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, truncate(reason)));
            } catch (IOException | IllegalStateException e) {
                LOG.debug("closing WebSocket of {}", stream.key(), e);
            }
        }
    }

    private void send(Frame frame, Runnable done) {
        if (closed.get()) {
            return;
        }
        int size = frame.size();
        session.getAsyncRemote().sendBinary(frame.payload(), result -> {
            if (result.isOK()) {
                stream.viewerStats().delivered(size);
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

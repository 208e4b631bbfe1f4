package dev.camrelay.web.ws;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.DropCounter;
import dev.camrelay.stream.KeyframeQueue;
import dev.camrelay.stream.LatestWinsSlot;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.ViewerFeed;
import dev.camrelay.stream.ViewerQueue;
import dev.camrelay.web.ViewerOptions;
import dev.camrelay.web.ViewerSendBuffer;
import dev.camrelay.web.WritePump;
import dev.camrelay.web.latency.LatencyBoard;
import dev.camrelay.web.latency.LatencyReport;
import dev.camrelay.web.latency.RelayClock;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket viewer on Jetty's WebSocket API: one binary message per frame ({@link WsPayload}),
 * taken from its {@link ViewerFeed} with one non-blocking send in flight ({@link WritePump}).
 * Latest-wins for MJPEG, skip-to-keyframe for H.264 and TS. With {@code ?stamps=1} each frame's
 * message follows a text message with its arrival time, and the viewer's text messages are latency
 * reports (docs/LATENCY.md); otherwise inbound messages are read (bounded by the container) and
 * ignored. Jetty calls the listener methods; the pump's writer owns sending; housekeeping calls
 * {@link #checkStall}; the shared fields are volatile or atomic.
 */
public final class WsViewer implements Session.Listener.AutoDemanding, ViewerFeed.Viewer {
    /** Application close code (4000-4999): no such stream. */
    static final int UNKNOWN_STREAM = 4404;

    /** Application close code: the asked-for format cannot carry this stream (fmp4 needs H.264). */
    static final int UNSUPPORTED_FORMAT = 4415;

    private static final Logger LOG = LoggerFactory.getLogger(WsViewer.class);
    private static final Pattern LEGACY_NAME = Pattern.compile("stream[0-9]{1,5}");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** What every viewer shares. */
    record Settings(
            StreamRegistry registry,
            AutoQualityPolicy autoPolicy,
            int queueFrames,
            int queueBytes,
            long stallNanos,
            long pingNanos,
            Executor delivery,
            LatencyBoard<StreamKey> latency,
            ViewerSendBuffer sendBuffer) {}

    private final Settings settings;
    private final String name;
    private final boolean legacyRoute;

    /** The connection's socket, sized once the stream is known; empty off TCP. */
    private final Optional<SocketChannel> socket;

    private final ViewerOptions options;

    /** Chosen at the upgrade; fitted to the stream's format at open, before any frame. */
    private volatile WsPayload payload;

    private final boolean stamps;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;
    private volatile ViewerFeed feed;
    private volatile WritePump pump;
    private volatile long lastActivityNanos = System.nanoTime();

    /** The rendition this viewer's latest report went to (auto quality moves), or null. */
    private volatile StreamKey reportedKey;

    /** When the oldest unanswered ping was sent, or 0 when every ping has been answered. */
    private volatile long pingSentNanos;

    WsViewer(
            Settings settings,
            String name,
            boolean legacyRoute,
            Optional<SocketChannel> socket,
            Map<String, List<String>> parameters,
            WsPayload payload) {
        this.settings = settings;
        this.name = name;
        this.legacyRoute = legacyRoute;
        this.socket = socket;
        this.options = ViewerOptions.from(parameters);
        this.payload = payload;
        this.stamps = "1".equals(ViewerOptions.parameter(parameters, "stamps"));
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        Optional<ViewerFeed> found =
                legacyRoute && !LEGACY_NAME.matcher(name).matches()
                        ? Optional.empty()
                        : ViewerFeed.open(
                                settings.registry(),
                                name,
                                options.quality(),
                                options.autoPolicy(settings.autoPolicy()),
                                this::queue);
        if (found.isEmpty()) {
            closed.set(true);
            opened.close(UNKNOWN_STREAM, "unknown stream", Callback.NOOP);
            return;
        }
        feed = found.get();
        Format format = feed.stream().format();
        if (options.fmp4() && format != Format.H264 && format != Format.H265) {
            closed.set(true);
            feed.detach();
            opened.close(
                    UNSUPPORTED_FORMAT,
                    "format=fmp4 needs an H.264 or H.265 stream",
                    Callback.NOOP);
            return;
        }
        LiveStream stream = feed.stream();
        socket.ifPresent(tcp -> settings.sendBuffer().fit(tcp, stream));
        payload = payload.forStream(format);
        pump = new WritePump(feed::take, this::send, settings.delivery());
        if (!feed.attach(this)) {
            closed.set(true);
            feed.detach();
            opened.close(StatusCode.TRY_AGAIN_LATER, "stream is full", Callback.NOOP);
        }
    }

    /** Latest-wins for JPEGs, which stand alone; skip-to-keyframe for H.264 and TS. */
    private ViewerQueue queue(LiveStream stream, DropCounter drops) {
        boolean mjpeg = stream.format() == Format.MJPEG;
        ViewerQueue bounded =
                mjpeg
                        ? new LatestWinsSlot(drops)
                        : new KeyframeQueue(settings.queueFrames(), settings.queueBytes(), drops);
        return options.thin(bounded, mjpeg, drops);
    }

    /** A full-rate fMP4 viewer gets the stream's audio track as well, beside the pictures. */
    @Override
    public boolean wantsAudio() {
        return options.audio();
    }

    @Override
    public void wake() {
        pump.iterate();
    }

    /**
     * Closes a viewer whose send has stalled past the limit, or that has left a ping unanswered for
     * two ping intervals (gone without a FIN, as a vanished phone); pings one that has had nothing
     * to receive for a while (a camera gone quiet), so proxies and NATs keep the connection. A ping
     * is only sent while no send is in flight, and never waits: housekeeping calls this for every
     * viewer of every stream.
     */
    @Override
    public void checkStall(long nowNanos) {
        long pingNanos = settings.pingNanos();
        long pinged = pingSentNanos;
        if (pump.stalled(nowNanos, settings.stallNanos())) {
            close("send stalled for more than " + settings.stallNanos() / 1_000_000 + " ms");
        } else if (pinged != 0 && nowNanos - pinged > 2 * pingNanos) {
            // the peer is gone: a close handshake would wait for nobody
            detachOnce("no pong for " + (nowNanos - pinged) / 1_000_000 + " ms");
            session.disconnect();
        } else if (pump.writeStartedNanos() == 0
                && nowNanos - lastActivityNanos > pingNanos
                && session.isOpen()) {
            lastActivityNanos = nowNanos;
            if (pinged == 0) {
                pingSentNanos = nowNanos;
            }
            session.sendPing(
                    EMPTY.duplicate(),
                    Callback.from(() -> {}, failure -> close("ping failed: " + failure)));
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        pingSentNanos = 0;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer message, Callback callback) {
        callback.succeed();
    }

    /**
     * A stamped viewer's latency report; a malformed one closes the socket with 1007 and says why.
     * Without stamps nothing a viewer says is of interest; the size bound applies all the same.
     */
    @Override
    public void onWebSocketText(String message) {
        ViewerFeed current = feed;
        if (!stamps || current == null) {
            return;
        }
        StreamKey key = current.stream().key();
        try {
            LatencyReport report = LatencyReport.parse(message);
            StreamKey previous = reportedKey;
            if (previous != null && !previous.equals(key)) {
                settings.latency().forget(previous, this);
            }
            reportedKey = key;
            settings.latency().offer(key, this, report, System.nanoTime());
        } catch (IllegalArgumentException e) {
            settings.latency().rejectMalformed(key);
            if (closed.compareAndSet(false, true)) {
                current.detach();
                forgetReports();
                session.close(
                        StatusCode.BAD_PAYLOAD,
                        truncate("bad latency report: " + e.getMessage()),
                        Callback.NOOP);
            }
        }
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.debug("WebSocket viewer of {} closed: {}", feed.stream().key(), reason);
            feed.detach();
            forgetReports();
            session.close(StatusCode.SHUTDOWN, truncate(reason), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        detachOnce("closed: " + statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable failure) {
        LOG.debug("WebSocket error", failure);
        detachOnce("error: " + failure);
    }

    private void detachOnce(String reason) {
        if (closed.compareAndSet(false, true) && feed != null) {
            LOG.debug("WebSocket viewer of {} gone: {}", feed.stream().key(), reason);
            feed.detach();
            forgetReports();
        }
    }

    private void forgetReports() {
        StreamKey key = reportedKey;
        if (key != null) {
            settings.latency().forget(key, this);
        }
    }

    private void send(Frame frame, Runnable done) {
        if (closed.get()) {
            return;
        }
        ByteBuffer message = payload.message(frame);
        if (message == null) {
            done.run();
            return;
        }
        int size = message.remaining();
        if (stamps) {
            // queued ahead of the frame on the same socket: the page pairs it with the next binary
            String stamp = "{\"arrivalUs\":" + RelayClock.micros(frame.ingestNanos()) + "}";
            session.sendText(
                    stamp, Callback.from(() -> {}, failure -> close("send failed: " + failure)));
        }
        session.sendBinary(
                message,
                Callback.from(
                        () -> {
                            lastActivityNanos = System.nanoTime();
                            feed.delivered(size);
                            done.run();
                        },
                        failure -> close("send failed: " + failure)));
    }

    /** Close reasons are limited to 123 bytes on the wire. */
    private static String truncate(String reason) {
        return reason.length() <= 100 ? reason : reason.substring(0, 100);
    }
}

package dev.camrelay.rtsp;

import dev.camrelay.media.Format;
import dev.camrelay.media.h264.AccessUnit;
import dev.camrelay.media.h264.SpsParser;
import dev.camrelay.media.h265.H265Sps;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamLimitException;
import dev.camrelay.stream.StreamRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one rendition of one camera for as long as the relay runs, on its own thread ({@code
 * camrelay-rtsp-<name>-<quality>}), and publishes its pictures into the hub like a pushed camera.
 * On demand, it holds the stream reserved and connects only while the stream has a viewer here,
 * staying on for {@code linger} after the last one left. Failures are retried forever: quickly
 * after a session that played, with doubling delays up to {@code maxRetry} otherwise, and only
 * every {@code unauthorizedRetry} after a refused password, so the camera does not lock its
 * account. A state change is logged once, never each retry. The thread owns everything but {@code
 * status} (volatile) and {@code closed}.
 */
public final class RtspSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtspSource.class);

    /** Retry delays: the first, the longest, and the one after a refused password. */
    public record Retry(Duration initial, Duration max, Duration unauthorized) {
        public static final Retry DEFAULT =
                new Retry(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(3));
    }

    /** Whether the camera is pulled only while watched, and for how long after the last viewer. */
    public record Demand(boolean onDemand, Duration linger) {
        public static final Demand ALWAYS = new Demand(false, Duration.ZERO);
    }

    private final StreamKey key;
    private final String title;
    private final RtspUrl url;
    private final StreamRegistry registry;
    private final RtspSession.Limits limits;
    private final Retry retry;
    private final Demand demand;
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile RtspSession session;
    private volatile SourceStatus status;
    private Publication publication;

    /** The format the camera last played: an on-demand standby reserves the stream in it. */
    private Format format = Format.H264;

    private boolean described;
    private long attempts;
    private long pictures;

    /** When the stream last lost its last viewer while pulled on demand; 0 while watched. */
    private long unwatchedSinceNanos;

    private boolean lingerOver;

    RtspSource(
            StreamKey key,
            String title,
            RtspUrl url,
            StreamRegistry registry,
            RtspSession.Limits limits,
            Retry retry,
            Demand demand) {
        this.key = key;
        this.title = title;
        this.url = url;
        this.registry = registry;
        this.limits = limits;
        this.retry = retry;
        this.demand = demand;
        this.status = status(SourceState.CONNECTING, "");
        this.thread =
                new Thread(
                        this::run, "camrelay-rtsp-" + key.name() + "-" + key.quality().wireName());
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public StreamKey key() {
        return key;
    }

    public SourceStatus status() {
        return status;
    }

    private void run() {
        Duration delay = retry.initial();
        while (!closed) {
            if (demand.onDemand() && !awaitViewer()) {
                return;
            }
            attempts++;
            RtspSession current = new RtspSession(limits);
            session = current;
            if (closed) {
                return;
            }
            described = false;
            SourceState failed;
            String reason;
            try {
                current.run(url, this::picture, this::sound);
                failed = SourceState.OFFLINE;
                reason = "closed";
            } catch (UnauthorizedException e) {
                failed = SourceState.UNAUTHORIZED;
                reason = e.getMessage();
            } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
                failed = SourceState.UNREACHABLE;
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (SocketTimeoutException e) {
                failed = current.connected() ? SourceState.OFFLINE : SourceState.UNREACHABLE;
                reason =
                        current.connected()
                                ? "camera silent for " + limits.idleTimeout().toMillis() + " ms"
                                : "connect timed out";
            } catch (EOFException e) {
                failed = SourceState.OFFLINE;
                reason = "the camera closed the connection";
            } catch (IOException | RuntimeException e) {
                failed = SourceState.OFFLINE;
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                current.close();
                endPublication();
            }
            if (closed) {
                return;
            }
            if (current.played() || lingerOver) {
                delay = retry.initial();
            }
            if (lingerOver) {
                lingerOver = false;
                continue;
            }
            change(failed, reason);
            if (demand.onDemand() && unwatched()) {
                continue;
            }
            pause(failed == SourceState.UNAUTHORIZED ? retry.unauthorized() : delay);
            if (!current.played()) {
                delay =
                        delay.multipliedBy(2).compareTo(retry.max()) > 0
                                ? retry.max()
                                : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Standby: keeps the stream reserved so viewers can attach, and waits until one has. False when
     * the source was closed meanwhile.
     */
    private boolean awaitViewer() {
        LiveStream stream = null;
        while (stream == null) {
            try {
                stream = registry.reserve(key, format, () -> LockSupport.unpark(thread));
            } catch (StreamLimitException e) {
                change(SourceState.OFFLINE, "the relay holds max.streams streams already");
                pause(retry.max());
                if (closed) {
                    return false;
                }
            }
        }
        if (stream.viewers() == 0) {
            change(SourceState.STANDBY, "connects when watched");
        }
        while (!closed && stream.viewers() == 0) {
            LockSupport.park(this);
        }
        unwatchedSinceNanos = 0;
        return !closed;
    }

    /** True when nobody here watches the stream this source feeds (or holds reserved). */
    private boolean unwatched() {
        return registry.get(key).map(LiveStream::viewers).orElse(0) == 0;
    }

    /** On demand: ends the session once the stream has had no viewer for {@code linger}. */
    private boolean lingeredOut() {
        if (publication.stream().viewers() > 0) {
            unwatchedSinceNanos = 0;
            return false;
        }
        long now = System.nanoTime();
        if (unwatchedSinceNanos == 0) {
            unwatchedSinceNanos = now;
        }
        if (now - unwatchedSinceNanos < demand.linger().toNanos()) {
            return false;
        }
        lingerOver = true;
        session.close();
        return true;
    }

    private void picture(AccessUnit unit) {
        if (lingerOver) {
            return;
        }
        if (publication == null || !publication.isCurrent()) {
            try {
                format = session.format();
                publication = registry.publish(key, format);
            } catch (StreamLimitException e) {
                throw new IllegalStateException("the relay holds max.streams streams already");
            }
            publication.describeAudio(session.audioTrack());
            attempts = 0;
            change(SourceState.LIVE, "");
        }
        if (demand.onDemand() && lingeredOut()) {
            return;
        }
        pictures++;
        byte[] sps = session.depacketizer().sps();
        if (!described && unit.idr() && sps != null) {
            described = true;
            describe(sps);
        }
        publication.publish(unit.annexB(), unit.idr());
    }

    private void describe(byte[] sps) {
        if (format == Format.H265) {
            H265Sps.parse(sps)
                    .ifPresent(
                            info ->
                                    publication.describe(
                                            info.width(), info.height(), info.codecString()));
        } else {
            SpsParser.parse(sps)
                    .ifPresent(
                            info ->
                                    publication.describe(
                                            info.width(), info.height(), info.codecString()));
        }
    }

    /** An AAC frame goes out once the pictures do: a viewer's sound starts at a picture. */
    private void sound(AacDepacketizer.AacFrame frame) {
        if (publication != null) {
            publication.publishAudio(frame.data(), frame.timestamp());
        }
    }

    private void endPublication() {
        if (publication != null) {
            publication.end();
            publication = null;
        }
    }

    private void change(SourceState state, String reason) {
        SourceStatus previous = status;
        status = status(state, reason);
        if (!previous.state().equals(state.wireName()) || !previous.reason().equals(reason)) {
            if (state == SourceState.LIVE) {
                LOG.info("camera {} ({}) is live", key, url);
            } else if (state == SourceState.STANDBY) {
                LOG.info("camera {} ({}) on standby until a viewer comes", key, url);
            } else {
                LOG.warn("camera {} ({}) is {}: {}; retrying", key, url, state.wireName(), reason);
            }
        }
    }

    private SourceStatus status(SourceState state, String reason) {
        return new SourceStatus(
                key.name(),
                title,
                key.quality().wireName(),
                url.url(),
                state.wireName(),
                reason,
                attempts);
    }

    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (wake) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops pulling: ends the session (TEARDOWN) and waits briefly for the thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        RtspSession current = session;
        if (current != null) {
            current.close();
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RtspSource["
                + key
                + " "
                + url
                + " "
                + status.state()
                + " pictures="
                + pictures
                + "]";
    }
}

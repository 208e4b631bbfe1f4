package dev.camrelay.sender;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the JPEGs of one {@link FrameSource} to the relay's ingest port, reconnecting with backoff
 * whenever the connection fails, until it is closed or the source runs out.
 *
 * <p>Threads: the daemon thread {@code camrelay-camera-<name>} owns the source, the pacer and the
 * connection's streams. {@link #close()} may come from any thread: it releases the stop latch and,
 * if the camera thread does not finish on its own, closes the socket and interrupts it. The
 * counters are atomics, readable from anywhere.
 */
public final class CameraClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraClient.class);
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Time the camera thread gets to send the clean end marker by itself. */
    private static final Duration GRACEFUL_STOP = Duration.ofMillis(500);

    private static final Duration FORCED_STOP = Duration.ofSeconds(1);

    private enum SessionEnd {
        STOP_REQUESTED,
        SOURCE_ENDED,
        SOURCE_FAILED
    }

    private final CameraSettings settings;
    private final FrameSource source;
    private final Thread thread;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private volatile IngestConnection connection;
    private volatile Exception sourceFailure;

    /**
     * Camera thread only: the last connect problem logged at WARN, so the same one repeating during
     * backoff is not logged again.
     */
    private String lastProblem;

    private CameraClient(CameraSettings settings, FrameSource source) {
        this.settings = settings;
        this.source = source;
        this.thread = new Thread(this::run, "camrelay-camera-" + settings.name());
        this.thread.setDaemon(true);
    }

    /**
     * Starts pushing {@code source} on a new camera thread; the client owns the source and closes
     * it.
     */
    public static CameraClient start(CameraSettings settings, FrameSource source) {
        CameraClient client = new CameraClient(settings, source);
        client.thread.start();
        return client;
    }

    public CameraSettings settings() {
        return settings;
    }

    /** Frames written to a relay connection so far, over all connections. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Connections that got through the handshake so far. */
    public long connects() {
        return connects.get();
    }

    /**
     * Why the camera stopped by itself if its source failed; empty while running or after a normal
     * end.
     */
    public Optional<Exception> sourceFailure() {
        return Optional.ofNullable(sourceFailure);
    }

    /** Waits for the camera thread to end: its source ran out or the client was closed. */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Waits at most {@code timeout} for the camera thread to end; true if it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis())); // join(0) would wait forever
        return !thread.isAlive();
    }

    /** Asks the camera to end its stream without waiting; {@link #close()} still has to follow. */
    void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Stops the camera: ends the stream cleanly if the thread can within a moment, else cuts it
     * off.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopRequested.countDown();
        try {
            if (!awaitTermination(GRACEFUL_STOP)) {
                IngestConnection current = connection;
                if (current != null) {
                    current.close();
                }
                thread.interrupt();
                if (!awaitTermination(FORCED_STOP)) {
                    closeSource(); // last resort for a thread blocked reading its input
                    log.warn(
                            "Camera {} thread did not stop within {} ms",
                            settings.name(),
                            GRACEFUL_STOP.plus(FORCED_STOP).toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(INITIAL_BACKOFF, MAX_BACKOFF);
        FramePacer pacer = new FramePacer(settings.fps());
        try {
            while (stopRequested.getCount() > 0) {
                long sessionStart = System.nanoTime();
                if (runSession(pacer)) {
                    return;
                }
                // Only a connection that stayed up a while proves the relay healthy again; one that
                // is
                // accepted and dropped straight away (a relay refusing us) must not make a tight
                // loop.
                if (System.nanoTime() - sessionStart >= MAX_BACKOFF.toNanos()) {
                    backoff.reset();
                }
                if (stopRequested.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts only to stop this thread, which is ending now
        } finally {
            closeSource();
        }
    }

    /** One connection; returns true if the camera should stop, false if it should reconnect. */
    private boolean runSession(FramePacer pacer) throws InterruptedException {
        IngestConnection attempt = new IngestConnection(settings);
        connection = attempt;
        // close() reads `connection` after releasing the latch, so one of us always sees the other
        if (stopRequested.getCount() == 0) {
            attempt.close();
            return true;
        }
        try (attempt) {
            try {
                attempt.open();
            } catch (IOException e) {
                if (stopRequested.getCount() > 0) {
                    logConnectProblem(e);
                }
                return stopRequested.getCount() == 0;
            }
            connects.incrementAndGet();
            lastProblem = null;
            log.info(
                    "Camera {} connected to {}:{}",
                    settings.name(),
                    settings.host(),
                    settings.port());
            long sentBefore = framesSent.get();
            SessionEnd end;
            try {
                end = stream(attempt, pacer);
            } catch (IOException e) {
                logDisconnect(framesSent.get() - sentBefore, e.toString());
                return stopRequested.getCount() == 0;
            }
            String how = describe(end);
            try {
                attempt.finish();
            } catch (IOException e) {
                // every frame was already sent, so this is no reason to reconnect
                how += ", without the clean end marker: " + e;
            }
            logDisconnect(framesSent.get() - sentBefore, how);
            return true;
        } finally {
            connection = null;
        }
    }

    private SessionEnd stream(IngestConnection target, FramePacer pacer)
            throws IOException, InterruptedException {
        pacer.restart();
        while (true) {
            byte[] jpeg;
            try {
                jpeg = source.next();
            } catch (IOException | RuntimeException e) {
                if (stopRequested.getCount() == 0) {
                    return SessionEnd
                            .STOP_REQUESTED; // the forced stop interrupted or closed the read
                }
                sourceFailure = e;
                log.error("Camera {} stops: its source failed: {}", settings.name(), e.toString());
                return SessionEnd.SOURCE_FAILED;
            }
            if (jpeg == null) {
                return SessionEnd.SOURCE_ENDED;
            }
            if (!pacer.awaitSlot(stopRequested)) {
                return SessionEnd.STOP_REQUESTED;
            }
            target.send(jpeg);
            framesSent.incrementAndGet();
        }
    }

    private void logConnectProblem(IOException e) {
        String problem = e instanceof HandshakeRejectedException ? e.getMessage() : e.toString();
        if (problem.equals(lastProblem)) {
            log.debug(
                    "Camera {} still cannot stream to {}:{}: {}",
                    settings.name(),
                    settings.host(),
                    settings.port(),
                    problem);
        } else {
            log.warn(
                    "Camera {} cannot stream to {}:{}: {}; retrying with backoff up to {} s",
                    settings.name(),
                    settings.host(),
                    settings.port(),
                    problem,
                    MAX_BACKOFF.toSeconds());
            lastProblem = problem;
        }
    }

    private void logDisconnect(long frames, String how) {
        log.info(
                "Camera {} disconnected from {}:{} after {} frames: {}",
                settings.name(),
                settings.host(),
                settings.port(),
                frames,
                how);
    }

    private static String describe(SessionEnd end) {
        return switch (end) {
            case STOP_REQUESTED -> "camera closed";
            case SOURCE_ENDED -> "source ended";
            case SOURCE_FAILED -> "source failed";
        };
    }

    private void closeSource() {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Camera {} source did not close cleanly", settings.name(), e);
        }
    }
}

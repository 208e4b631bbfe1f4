package dev.camrelay.ingest;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO lines for cameras connecting and disconnecting, a few a second: past that, events are
 * only counted, and housekeeping writes one line a second with the count, so a connection flood
 * costs the log a handful of lines a second. Owned by the ingest thread.
 */
final class ConnectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(CameraConnection.class);
    static final int LINES_PER_SECOND = 5;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final IngestCounters counters;
    private long windowStart = System.nanoTime() - WINDOW_NANOS;
    private int linesInWindow;

    ConnectionLog(IngestCounters counters) {
        this.counters = counters;
    }

    void connected(String camera, String remote, String details) {
        if (mayLog()) {
            LOG.info("camera {} connected from {} ({})", camera, remote, details);
        } else {
            counters.connectNotLogged();
        }
    }

    void disconnected(String camera, String remote) {
        if (mayLog()) {
            LOG.info("camera {} disconnected from {}", camera, remote);
        } else {
            counters.disconnectNotLogged();
        }
    }

    private boolean mayLog() {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            linesInWindow = 0;
        }
        return linesInWindow++ < LINES_PER_SECOND;
    }
}

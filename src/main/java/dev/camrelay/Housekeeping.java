package dev.camrelay;

import dev.camrelay.ingest.IngestCounters;
import dev.camrelay.ingest.RejectReason;
import dev.camrelay.stream.StreamRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code camrelay-housekeeping} thread: once a second it ticks the streams (frame rates, MJPEG
 * keep-alive repeats, viewer stall checks, expiry of streams offline past the grace) and writes one
 * aggregated log line for the camera connections rejected since the last one, so a flood of bad
 * input costs one line a second, not one per connection.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final StreamRegistry registry;
    private final IngestCounters counters;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "camrelay-housekeeping");
                        thread.setDaemon(true);
                        return thread;
                    });
    private Map<RejectReason, Long> lastRejections = new EnumMap<>(RejectReason.class);
    private long lastGarbage;
    private long lastDropped;
    private long lastConnectsNotLogged;
    private long lastDisconnectsNotLogged;

    Housekeeping(StreamRegistry registry, IngestCounters counters) {
        this.registry = registry;
        this.counters = counters;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        try {
            registry.tick(System.nanoTime());
            logIngestProblems();
            logConnectionsNotLogged();
        } catch (RuntimeException e) {
            LOG.error("housekeeping tick failed", e);
        }
    }

    /** The camera connects and disconnects past the per-connection lines' budget, as one line. */
    private void logConnectionsNotLogged() {
        long connects = counters.connectsNotLogged() - lastConnectsNotLogged;
        long disconnects = counters.disconnectsNotLogged() - lastDisconnectsNotLogged;
        lastConnectsNotLogged += connects;
        lastDisconnectsNotLogged += disconnects;
        if (connects > 0 || disconnects > 0) {
            LOG.info(
                    "ingest: {} more camera connect(s) and {} disconnect(s) in the last second",
                    connects,
                    disconnects);
        }
    }

    private void logIngestProblems() {
        Map<RejectReason, Long> now = counters.rejections();
        StringJoiner reasons = new StringJoiner(", ");
        long total = 0;
        for (Map.Entry<RejectReason, Long> entry : now.entrySet()) {
            long delta = entry.getValue() - lastRejections.getOrDefault(entry.getKey(), 0L);
            if (delta > 0) {
                reasons.add(entry.getKey().code() + "=" + delta);
                total += delta;
            }
        }
        lastRejections = now;
        long garbage = counters.garbageBytes() - lastGarbage;
        long dropped = counters.droppedFrames() - lastDropped;
        lastGarbage += garbage;
        lastDropped += dropped;
        if (total > 0) {
            LOG.warn(
                    "ingest closed {} camera connection(s) in the last second: {}", total, reasons);
        }
        if (garbage > 0 || dropped > 0) {
            LOG.warn(
                    "ingest skipped {} garbage byte(s) and dropped {} malformed frame(s) in the last second",
                    garbage,
                    dropped);
        }
    }
}

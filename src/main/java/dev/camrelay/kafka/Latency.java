package dev.camrelay.kafka;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ingest-to-local-publish time of live frames read from Kafka (the ingesting node's clock against
 * ours), over the last {@value #WINDOW} frames, and the frames skipped while waiting for a
 * keyframe. Written by the source thread, read by the API; guarded by a private lock.
 */
final class Latency {
    private static final int WINDOW = 1024;

    private final Object lock = new Object();

    @GuardedBy("lock")
    private final long[] micros = new long[WINDOW];

    @GuardedBy("lock")
    private long count;

    @GuardedBy("lock")
    private long skipped;

    void record(long value) {
        synchronized (lock) {
            micros[(int) (count++ % WINDOW)] = value;
        }
    }

    /** A frame read before its stream's first keyframe, or after a hole: not published, counted. */
    void skippedToKeyframe() {
        synchronized (lock) {
            skipped++;
        }
    }

    Map<String, Object> status() {
        synchronized (lock) {
            int n = (int) Math.min(count, WINDOW);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("frames", count);
            out.put("skippedToKeyframe", skipped);
            if (n > 0) {
                long[] sorted = Arrays.copyOf(micros, n);
                Arrays.sort(sorted);
                out.put("p50Ms", sorted[(n - 1) / 2] / 1000.0);
                out.put("p99Ms", sorted[(int) Math.ceil(n * 0.99) - 1] / 1000.0);
                out.put("maxMs", sorted[n - 1] / 1000.0);
            }
            return out;
        }
    }
}

package dev.camrelay.kafka;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ingest-to-local-publish time of live frames read from Kafka (the ingesting node's clock against
 * ours), over the last {@value #WINDOW} frames, and the frames skipped while waiting for a
 * keyframe. Written by the source thread, read by the API; guarded by {@code this}.
 */
final class Latency {
    private static final int WINDOW = 1024;

    private final long[] micros = new long[WINDOW];
    private long count;
    private long skipped;

    synchronized void record(long value) {
        micros[(int) (count++ % WINDOW)] = value;
    }

    /** A frame read before its stream's first keyframe, or after a hole: not published, counted. */
    synchronized void skippedToKeyframe() {
        skipped++;
    }

    synchronized Map<String, Object> status() {
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

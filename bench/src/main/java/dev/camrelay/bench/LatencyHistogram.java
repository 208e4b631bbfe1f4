package dev.camrelay.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lock-free latency histogram shared by all viewer threads: fixed 10 us buckets up to 10 s (the
 * last bucket takes everything above), so percentiles cost no sorting and no per-sample memory.
 */
final class LatencyHistogram {

    static final int BUCKET_US = 10, BUCKETS = 1_000_000; // 10 us resolution up to 10 s
    private final AtomicIntegerArray hist = new AtomicIntegerArray(BUCKETS + 1);
    private final AtomicLong count = new AtomicLong(), maxNs = new AtomicLong();

    void record(long latNs) {
        int bucket = (int) Math.min(BUCKETS, Math.max(0, latNs / 1000 / BUCKET_US));
        hist.incrementAndGet(bucket);
        count.incrementAndGet();
        maxNs.accumulateAndGet(latNs, Math::max);
    }

    long count() {
        return count.get();
    }

    long maxNs() {
        return maxNs.get();
    }

    /**
     * The q-quantile in ms, rounded to 0.01: the upper edge of its bucket, capped at the true max.
     */
    double percentileMs(double q) {
        long n = count.get();
        if (n == 0) return 0;
        long want = (long) Math.ceil(q * n), acc = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            acc += hist.get(i);
            if (acc >= want)
                return Report.round(Math.min((i + 1) * BUCKET_US / 1000.0, maxNs.get() / 1e6));
        }
        return Report.round(BUCKETS * BUCKET_US / 1000.0);
    }
}

package dev.camrelay.web.latency;

/**
 * The relay's clock as pages see it: microseconds since the epoch, read from {@link
 * System#nanoTime()} anchored once to the wall clock, so stamps and {@code /api/time} answers share
 * one monotonic timeline that a wall-clock step cannot bend. Stateless after class load.
 */
public final class RelayClock {
    private static final long ANCHOR_EPOCH_MICROS = System.currentTimeMillis() * 1000;
    private static final long ANCHOR_NANOS = System.nanoTime();

    private RelayClock() {}

    /** A {@link System#nanoTime()} reading (e.g. a frame's arrival) on the relay clock. */
    public static long micros(long nanoTime) {
        return ANCHOR_EPOCH_MICROS + Math.floorDiv(nanoTime - ANCHOR_NANOS, 1000);
    }

    /** Now on the relay clock. */
    public static long nowMicros() {
        return micros(System.nanoTime());
    }
}

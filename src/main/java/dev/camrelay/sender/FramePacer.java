package dev.camrelay.sender;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a camera to a steady frame schedule: slot k is at start + k * period, so the time spent
 * reading and sending a frame does not add up into drift the way sleep(1000 / fps) would. Owned by
 * the camera thread.
 */
final class FramePacer {
    private final long periodNanos;
    private long nextSlot;
    private boolean scheduled;

    /** {@code fps} 0 means no pacing: every slot is now. */
    FramePacer(int fps) {
        this.periodNanos = fps == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / fps;
    }

    /** Starts a fresh schedule at the next call, e.g. after a reconnect. */
    void restart() {
        scheduled = false;
    }

    /** Waits until the next slot; returns false, early, once {@code stop} has been released. */
    boolean awaitSlot(CountDownLatch stop) throws InterruptedException {
        if (periodNanos == 0) {
            return stop.getCount() > 0;
        }
        long now = System.nanoTime();
        // More than a whole period late (slow source, stalled relay): start over rather than send a
        // burst to catch up.
        if (!scheduled || now - nextSlot > periodNanos) {
            nextSlot = now;
            scheduled = true;
        }
        long wait = nextSlot - now;
        nextSlot += periodNanos;
        if (wait > 0) {
            return !stop.await(wait, TimeUnit.NANOSECONDS);
        }
        return stop.getCount() > 0;
    }
}

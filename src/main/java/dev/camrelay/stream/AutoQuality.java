package dev.camrelay.stream;

import dev.camrelay.media.Quality;

/**
 * One {@code ?quality=auto} viewer's judgement: fed the frames it was offered and got each second,
 * it says when to change rendition. Hysteresis keeps it from flapping: going down takes one bad
 * window; going up takes a whole {@code upAfter} period whose share is good (judged over the
 * period, not window by window: a frame still in flight at a window's end would otherwise fail a
 * window of a viewer that keeps up), and a try of high that fails within that same time doubles the
 * wait before the next try (up to the policy's maximum). Owned by the housekeeping thread.
 */
public final class AutoQuality {
    /** What the viewer should do after a sample. */
    public enum Verdict {
        STAY,
        DOWN,
        UP
    }

    private final AutoQualityPolicy policy;
    private long windowStartNanos;
    private long delivered;
    private long offered;
    private long periodStartNanos = -1;
    private long periodDelivered;
    private long periodOffered;
    private long upAfterNanos;
    private long wentUpAtNanos = -1;

    public AutoQuality(AutoQualityPolicy policy, long nowNanos) {
        this.policy = policy;
        this.upAfterNanos = policy.upAfterNanos();
        this.windowStartNanos = nowNanos;
    }

    /**
     * Adds the frames offered to the viewer (never those its own {@code ?fps=} cap left out) and
     * the frames written to it since the last sample, and judges the window once it is full. A
     * frame still queued at the end of a window counts as not delivered in it and as delivered in
     * the next, so a viewer that keeps up averages a share of 1, and one that falls behind is seen
     * in its first window, long before its queue overflows.
     */
    public Verdict sample(
            Quality current, long deliveredFrames, long offeredFrames, long nowNanos) {
        delivered += deliveredFrames;
        offered += offeredFrames;
        if (nowNanos - windowStartNanos < policy.windowNanos()) {
            return Verdict.STAY;
        }
        long windowDelivered = delivered;
        long windowOffered = offered;
        windowStartNanos = nowNanos;
        delivered = 0;
        offered = 0;
        if (windowOffered < AutoQualityPolicy.MIN_FRAMES_PER_WINDOW) {
            return Verdict.STAY;
        }
        return current == Quality.HIGH
                ? judgeHigh((double) windowDelivered / windowOffered, nowNanos)
                : judgeLow(windowDelivered, windowOffered, nowNanos);
    }

    /** Starts afresh after a switch: the first window on the new rendition begins now. */
    public void switched(long nowNanos) {
        windowStartNanos = nowNanos;
        delivered = 0;
        offered = 0;
        periodStartNanos = -1;
    }

    /** How long delivery must now stay good on low before the next try of high. */
    public long upAfterNanos() {
        return upAfterNanos;
    }

    private Verdict judgeHigh(double share, long nowNanos) {
        if (share < policy.downShare()) {
            if (wentUpAtNanos >= 0 && nowNanos - wentUpAtNanos < upAfterNanos) {
                upAfterNanos = Math.min(upAfterNanos * 2, policy.maxUpAfterNanos());
            }
            wentUpAtNanos = -1;
            return Verdict.DOWN;
        }
        if (wentUpAtNanos >= 0 && nowNanos - wentUpAtNanos >= upAfterNanos) {
            // high has held as long as the wait was: the try succeeded, so the next one needs only
            // the base wait
            upAfterNanos = policy.upAfterNanos();
            wentUpAtNanos = -1;
        }
        return Verdict.STAY;
    }

    private Verdict judgeLow(long windowDelivered, long windowOffered, long nowNanos) {
        if (periodStartNanos < 0) {
            periodStartNanos = nowNanos - policy.windowNanos();
            periodDelivered = 0;
            periodOffered = 0;
        }
        periodDelivered += windowDelivered;
        periodOffered += windowOffered;
        if (nowNanos - periodStartNanos < upAfterNanos) {
            return Verdict.STAY;
        }
        periodStartNanos = -1;
        if ((double) periodDelivered / periodOffered < policy.upShare()) {
            return Verdict.STAY;
        }
        wentUpAtNanos = nowNanos;
        return Verdict.UP;
    }
}

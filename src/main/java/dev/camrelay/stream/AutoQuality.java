package dev.camrelay.stream;

import dev.camrelay.media.Quality;

/**
 * One {@code ?quality=auto} viewer's judgement: fed the frames it got and lost each second, it
 * says when to change rendition. Hysteresis keeps it from flapping: going down takes one bad
 * window; going up takes {@code upAfter} of good windows in a row, and a try of high that fails
 * within that same time doubles the wait before the next try (up to the policy's maximum). Owned
 * by the housekeeping thread.
 */
public final class AutoQuality {
    /** What the viewer should do after a sample. */
    public enum Verdict { STAY, DOWN, UP }

    private final AutoQualityPolicy policy;
    private long windowStartNanos;
    private long delivered;
    private long lost;
    private long goodSinceNanos = -1;
    private long upAfterNanos;
    private long wentUpAtNanos = -1;

    public AutoQuality(AutoQualityPolicy policy, long nowNanos) {
        this.policy = policy;
        this.upAfterNanos = policy.upAfterNanos();
        this.windowStartNanos = nowNanos;
    }

    /**
     * Adds the frames written to the viewer and the frames it lost (superseded, overflowed,
     * skipped to a keyframe; never those its own {@code ?fps=} cap left out) since the last sample,
     * and judges the window once it is full.
     */
    public Verdict sample(Quality current, long deliveredFrames, long lostFrames, long nowNanos) {
        delivered += deliveredFrames;
        lost += lostFrames;
        if (nowNanos - windowStartNanos < policy.windowNanos()) {
            return Verdict.STAY;
        }
        long offered = delivered + lost;
        double share = offered == 0 ? 1 : (double) delivered / offered;
        boolean enough = offered >= AutoQualityPolicy.MIN_FRAMES_PER_WINDOW;
        windowStartNanos = nowNanos;
        delivered = 0;
        lost = 0;
        if (!enough) {
            return Verdict.STAY;
        }
        return current == Quality.HIGH ? judgeHigh(share, nowNanos) : judgeLow(share, nowNanos);
    }

    /** Starts afresh after a switch: the first window on the new rendition begins now. */
    public void switched(long nowNanos) {
        windowStartNanos = nowNanos;
        delivered = 0;
        lost = 0;
        goodSinceNanos = -1;
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
            // high has held as long as the wait was: the try succeeded, so the next one needs only the base wait
            upAfterNanos = policy.upAfterNanos();
            wentUpAtNanos = -1;
        }
        return Verdict.STAY;
    }

    private Verdict judgeLow(double share, long nowNanos) {
        if (share < policy.upShare()) {
            goodSinceNanos = -1;
            return Verdict.STAY;
        }
        if (goodSinceNanos < 0) {
            goodSinceNanos = nowNanos - policy.windowNanos();
        }
        if (nowNanos - goodSinceNanos < upAfterNanos) {
            return Verdict.STAY;
        }
        wentUpAtNanos = nowNanos;
        return Verdict.UP;
    }
}

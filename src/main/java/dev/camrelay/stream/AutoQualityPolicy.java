package dev.camrelay.stream;

import java.time.Duration;

/**
 * When a {@code ?quality=auto} viewer changes rendition. Thresholds are written the way the
 * original project stated them, in frames a second of a {@value #REFERENCE_FPS} fps camera (below 8
 * → low, above 29 → high), and applied as shares of the frames the viewer was offered, so they
 * scale to the camera's actual rate and to the viewer's own {@code ?fps=} cap.
 *
 * @param downShare below this share of frames delivered over one window, go to the low rendition
 * @param upShare at or above this share, window after window, go back to high
 * @param windowNanos length of one measurement window
 * @param upAfterNanos how long delivery must stay good on low before trying high
 * @param maxUpAfterNanos the longest wait: each failed try of high doubles the wait, up to this
 */
public record AutoQualityPolicy(
        double downShare,
        double upShare,
        long windowNanos,
        long upAfterNanos,
        long maxUpAfterNanos) {
    public static final int REFERENCE_FPS = 30;

    /**
     * A window with fewer frames than this says nothing (a camera sending one frame a second, a
     * pause).
     */
    static final int MIN_FRAMES_PER_WINDOW = 4;

    private static final int MAX_UP_AFTER_FACTOR = 16;

    public AutoQualityPolicy {
        if (!(downShare >= 0 && downShare < upShare && upShare <= 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= down < up <= 1, got down=" + downShare + " up=" + upShare);
        }
        if (windowNanos <= 0 || upAfterNanos < windowNanos || maxUpAfterNanos < upAfterNanos) {
            throw new IllegalArgumentException("need 0 < window <= up-after <= max up-after");
        }
    }

    /**
     * From the configured frame rates (at {@value #REFERENCE_FPS} fps), window and up-after time.
     */
    public static AutoQualityPolicy of(int downFps, int upFps, Duration window, Duration upAfter) {
        return new AutoQualityPolicy(
                (double) downFps / REFERENCE_FPS,
                (double) upFps / REFERENCE_FPS,
                window.toNanos(),
                upAfter.toNanos(),
                upAfter.toNanos() * MAX_UP_AFTER_FACTOR);
    }
}

package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.camrelay.media.Quality;
import dev.camrelay.stream.AutoQuality.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoQualityTest {
    private static final long SECOND = 1_000_000_000L;

    /**
     * The original thresholds: 8 and 29 of 30 fps; 1 s windows; 4 s of good delivery before trying
     * high.
     */
    private static final AutoQualityPolicy POLICY =
            AutoQualityPolicy.of(8, 29, Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final AutoQuality auto = new AutoQuality(POLICY, 0);
    private long now;

    /** One second of delivery: {@code delivered} of {@code offered} frames reached the viewer. */
    private Verdict second(Quality current, int delivered, int offered) {
        now += SECOND;
        return auto.sample(current, delivered, offered, now);
    }

    @Test
    void thresholdsScaleToTheCamerasRate() {
        assertEquals(8.0 / 30, POLICY.downShare(), 1e-9);
        assertEquals(29.0 / 30, POLICY.upShare(), 1e-9);
        // a 10 fps camera: 3 of 10 delivered is above 8/30, 2 of 10 below
        assertEquals(Verdict.STAY, second(Quality.HIGH, 3, 10));
        assertEquals(Verdict.DOWN, second(Quality.HIGH, 2, 10));
    }

    @Test
    void oneBadWindowGoesDownAndAWindowIsJudgedOnlyWhenFull() {
        assertEquals(
                Verdict.STAY,
                auto.sample(Quality.HIGH, 0, 30, SECOND / 2),
                "half a window says nothing yet");
        assertEquals(
                Verdict.DOWN,
                auto.sample(Quality.HIGH, 1, 10, SECOND),
                "1 of 40 delivered over the full window");
    }

    @Test
    void aWindowWithTooFewFramesSaysNothing() {
        assertEquals(
                Verdict.STAY, second(Quality.HIGH, 0, AutoQualityPolicy.MIN_FRAMES_PER_WINDOW - 1));
        assertEquals(
                Verdict.DOWN, second(Quality.HIGH, 0, AutoQualityPolicy.MIN_FRAMES_PER_WINDOW));
    }

    @Test
    void goingUpNeedsAWholeGoodPeriodJudgedOnItsAverage() {
        assertEquals(Verdict.STAY, second(Quality.LOW, 24, 30));
        for (int i = 0; i < 2; i++) {
            assertEquals(Verdict.STAY, second(Quality.LOW, 30, 30));
        }
        assertEquals(
                Verdict.STAY,
                second(Quality.LOW, 30, 30),
                "114 of 120 over the first period: below 29 of 30");
        assertEquals(Verdict.STAY, second(Quality.LOW, 29, 30), "a new period has begun");
        assertEquals(
                Verdict.STAY,
                second(Quality.LOW, 31, 30),
                "a frame carried over from the window before");
        assertEquals(Verdict.STAY, second(Quality.LOW, 29, 30));
        assertEquals(Verdict.UP, second(Quality.LOW, 30, 30), "119 of 120 over four seconds");
    }

    @Test
    void aFailedTryOfHighDoublesTheWaitAndASuccessfulOneResetsIt() {
        goodOnLowUntilUp();
        auto.switched(now);
        assertEquals(Verdict.DOWN, second(Quality.HIGH, 2, 30), "high failed at once");
        assertEquals(8 * SECOND, auto.upAfterNanos());
        auto.switched(now);
        for (int i = 0; i < 7; i++) {
            assertEquals(
                    Verdict.STAY,
                    second(Quality.LOW, 30, 30),
                    "second " + i + " of the doubled wait");
        }
        assertEquals(Verdict.UP, second(Quality.LOW, 30, 30));
        auto.switched(now);
        for (int i = 0; i < 8; i++) {
            assertEquals(
                    Verdict.STAY,
                    second(Quality.HIGH, 20, 30),
                    "between the thresholds: stays high");
        }
        assertEquals(
                4 * SECOND,
                auto.upAfterNanos(),
                "high held as long as the wait: back to the base wait");
    }

    @Test
    void theWaitStopsGrowingAtTheMaximum() {
        for (int i = 0; i < 10; i++) {
            goodOnLowUntilUp();
            auto.switched(now);
            assertEquals(Verdict.DOWN, second(Quality.HIGH, 0, 30));
            auto.switched(now);
        }
        assertEquals(POLICY.maxUpAfterNanos(), auto.upAfterNanos());
        assertEquals(16 * 4 * SECOND, POLICY.maxUpAfterNanos());
    }

    @Test
    void policyRefusesThresholdsThatCannotWork() {
        assertThrows(
                IllegalArgumentException.class,
                () -> AutoQualityPolicy.of(29, 8, Duration.ofSeconds(1), Duration.ofSeconds(4)));
        assertThrows(
                IllegalArgumentException.class,
                () -> AutoQualityPolicy.of(8, 29, Duration.ofSeconds(5), Duration.ofSeconds(4)));
    }

    private void goodOnLowUntilUp() {
        for (int i = 0; i < 100; i++) {
            if (second(Quality.LOW, 30, 30) == Verdict.UP) {
                return;
            }
        }
        throw new AssertionError("never went up");
    }
}

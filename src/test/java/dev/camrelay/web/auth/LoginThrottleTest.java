package dev.camrelay.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final LoginThrottle throttle =
            new LoginThrottle(3, Duration.ofMinutes(1), Duration.ofMinutes(1), 100, clock::get);

    @Test
    void theBudgetLocksTheAddressOutForAWhile() {
        assertFalse(throttle.failed("a"));
        assertFalse(throttle.failed("a"));
        assertEquals(0, throttle.retryAfterSeconds("a"));
        assertTrue(throttle.failed("a"), "the third wrong password uses up the budget");
        assertEquals(60, throttle.retryAfterSeconds("a"));
        assertEquals(0, throttle.retryAfterSeconds("b"), "other addresses are not affected");
        clock.addAndGet(30 * SECOND);
        assertEquals(30, throttle.retryAfterSeconds("a"));
        clock.addAndGet(30 * SECOND + 1);
        assertEquals(0, throttle.retryAfterSeconds("a"));
        assertFalse(throttle.failed("a"), "a fresh budget after the lockout");
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotAddUp() {
        throttle.failed("a");
        throttle.failed("a");
        clock.addAndGet(61 * SECOND);
        assertFalse(throttle.failed("a"));
        assertFalse(throttle.failed("a"));
        assertEquals(0, throttle.retryAfterSeconds("a"));
    }

    @Test
    void theMapStaysBounded() {
        for (int i = 0; i < 1000; i++) {
            throttle.failed("10.0." + i / 256 + "." + i % 256);
        }
        assertTrue(throttle.size() <= 100, "size " + throttle.size());
        clock.addAndGet(120 * SECOND);
        for (int i = 0; i < 10; i++) {
            throttle.failed("fresh" + i);
        }
        assertTrue(throttle.size() < 100, "stale entries are swept: size " + throttle.size());
    }
}

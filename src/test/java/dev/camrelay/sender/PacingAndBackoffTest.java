package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacingAndBackoffTest {

    @Test
    void backoffDoublesFrom250msUpTo5s() {
        Backoff backoff = new Backoff(CameraClient.INITIAL_BACKOFF, CameraClient.MAX_BACKOFF);
        long[] expected = {250, 500, 1000, 2000, 4000, 5000, 5000};
        for (long millis : expected) {
            assertEquals(Duration.ofMillis(millis), backoff.next());
        }
        backoff.reset();
        assertEquals(Duration.ofMillis(250), backoff.next());
    }

    @Test
    void pacerHoldsTheScheduleOfTheFrameRate() throws InterruptedException {
        FramePacer pacer = new FramePacer(100);
        CountDownLatch stop = new CountDownLatch(1);
        long start = System.nanoTime();
        for (int slot = 0; slot <= 10; slot++) {
            assertTrue(pacer.awaitSlot(stop));
        }
        // slot 10 is 100 ms after slot 0; only the lower bound is safe to assert on a busy machine
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(95));
    }

    @Test
    void pacerGivesUpItsWaitWhenStopped() throws InterruptedException {
        FramePacer pacer = new FramePacer(1);
        CountDownLatch stop = new CountDownLatch(1);
        assertTrue(pacer.awaitSlot(stop), "the first slot is now");
        stop.countDown();
        long start = System.nanoTime();
        assertFalse(pacer.awaitSlot(stop));
        assertTrue(
                System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500),
                "does not wait out the 1 s period");
    }

    @Test
    void unpacedSourceNeverWaits() throws InterruptedException {
        FramePacer pacer = new FramePacer(0);
        CountDownLatch stop = new CountDownLatch(1);
        for (int i = 0; i < 1000; i++) {
            assertTrue(pacer.awaitSlot(stop));
        }
        stop.countDown();
        assertFalse(pacer.awaitSlot(stop));
    }
}

package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.camrelay.media.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-viewer thinning: ?fps=N for standalone frames, ?keyframes=only for H.264/TS. */
class ThinnedQueueTest {
    private final ViewerStats stats = new ViewerStats();
    private long sequence;

    private Frame frame(boolean key) {
        return new Frame(new byte[10], ++sequence, 0, key);
    }

    private static List<Frame> drain(ViewerQueue queue) {
        List<Frame> out = new ArrayList<>();
        for (Frame f = queue.take(); f != null; f = queue.take()) {
            out.add(f);
        }
        return out;
    }

    @Test
    void noOptionsMeansNoWrapper() {
        KeyframeQueue inner = new KeyframeQueue(8, 1 << 20, stats);
        assertSame(inner, ThinnedQueue.of(inner, false, 0, false, stats));
        assertSame(
                inner,
                ThinnedQueue.of(inner, false, 5, false, stats),
                "a rate cap cannot thin frames that depend on each other");
    }

    @Test
    void aRateCapLetsTheFirstFrameThroughAndSkipsTheBurstAfterIt() {
        ViewerQueue queue =
                ThinnedQueue.of(new KeyframeQueue(64, 1 << 20, stats), true, 2, false, stats);
        Frame first = frame(true);
        queue.offer(first);
        for (int i = 0; i < 9; i++) {
            queue.offer(frame(true));
        }
        assertEquals(
                List.of(first),
                drain(queue),
                "ten frames offered back to back are 2 fps only once");
        assertEquals(9L, stats.droppedByReason().get(DropReason.RATE_CAP));
    }

    @Test
    void keyframesOnlyPassesEveryKeyframeAndNothingElse() {
        ViewerQueue queue =
                ThinnedQueue.of(new KeyframeQueue(64, 1 << 20, stats), false, 0, true, stats);
        Frame k1 = frame(true);
        Frame k2 = frame(true);
        queue.offer(k1);
        queue.offer(frame(false));
        queue.offer(frame(false));
        queue.offer(k2);
        assertEquals(List.of(k1, k2), drain(queue));
        assertEquals(2L, stats.droppedByReason().get(DropReason.RATE_CAP));
    }

    @Test
    void aKeyframesOnlyJoinerGetsTheKeyframeWithoutTheGopAfterIt() {
        ViewerQueue queue =
                ThinnedQueue.of(new KeyframeQueue(64, 1 << 20, stats), false, 0, true, stats);
        Frame key = frame(true);
        queue.offerJoin(List.of(key, frame(false), frame(false)));
        assertEquals(List.of(key), drain(queue));
    }

    @Test
    void aRateCapKeepsItsRateWhenFramesArriveWithJitter() {
        ThinnedQueue queue =
                (ThinnedQueue) ThinnedQueue.of(new LatestWinsSlot(stats), true, 5, false, stats);
        long frameInterval = 1_000_000_000L / 15;
        java.util.Random jitter = new java.util.Random(42);
        int accepted = 0;
        for (int i = 0; i < 15 * 60; i++) {
            long arrival = i * frameInterval + (jitter.nextInt(10_000_000) - 5_000_000);
            if (queue.offer(frame(true), arrival) == 0) {
                accepted++;
                queue.take();
            }
        }
        assertEquals(
                5 * 60, accepted, 1, "5 fps of a 15 fps camera with +-5 ms jitter, over a minute");
    }

    @Test
    void aRateCapStartsAfreshAfterAPause() {
        ThinnedQueue queue =
                (ThinnedQueue) ThinnedQueue.of(new LatestWinsSlot(stats), true, 5, false, stats);
        long second = 1_000_000_000L;
        assertEquals(0, queue.offer(frame(true), 0));
        queue.take();
        assertEquals(
                0, queue.offer(frame(true), 10 * second), "the first frame after a pause goes out");
        queue.take();
        assertEquals(
                1,
                queue.offer(frame(true), 10 * second + second / 10),
                "and the cadence restarts from it");
        assertEquals(0, queue.offer(frame(true), 10 * second + second / 5));
    }
}

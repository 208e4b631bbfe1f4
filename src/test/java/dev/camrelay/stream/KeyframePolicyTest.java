package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The skip-to-keyframe viewer queue and the GOP join cache. */
class KeyframePolicyTest {
    private long sequence;
    private final ViewerStats stats = new ViewerStats();

    private Frame key(int size) {
        return new Frame(new byte[size], ++sequence, 0, true);
    }

    private Frame delta(int size) {
        return new Frame(new byte[size], ++sequence, 0, false);
    }

    private static List<Frame> drain(KeyframeQueue queue) {
        List<Frame> out = new ArrayList<>();
        for (Frame f = queue.take(); f != null; f = queue.take()) {
            out.add(f);
        }
        return out;
    }

    @Test
    void framesBeforeTheFirstKeyframeAreDroppedAndCounted() {
        KeyframeQueue queue = new KeyframeQueue(8, 1 << 20, stats);
        assertEquals(1, queue.offer(delta(10)));
        assertEquals(1, queue.offer(delta(10)));
        Frame k = key(10);
        assertEquals(0, queue.offer(k));
        Frame d = delta(10);
        assertEquals(0, queue.offer(d));
        assertEquals(List.of(k, d), drain(queue));
    }

    @Test
    void overflowByFramesClearsAndWaitsForTheNextKeyframeNeverDroppingSinglePFrames() {
        KeyframeQueue queue = new KeyframeQueue(4, 1 << 20, stats);
        queue.offer(key(10));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, queue.offer(delta(10)));
        }
        assertEquals(
                4 + 1,
                queue.offer(delta(10)),
                "4 queued frames cleared, and this P-frame cannot be decoded either");
        assertEquals(1, queue.offer(delta(10)));
        Frame k = key(10);
        assertEquals(0, queue.offer(k));
        Frame d = delta(10);
        queue.offer(d);
        assertEquals(List.of(k, d), drain(queue), "resumes exactly at the keyframe");
        assertEquals(
                4L,
                stats.droppedByReason().get(DropReason.QUEUE_OVERFLOW),
                "the cleared queue, counted as overflow");
        assertEquals(
                2L,
                stats.droppedByReason().get(DropReason.AWAITING_KEYFRAME),
                "P-frames that could not be decoded");
    }

    @Test
    void overflowByBytesToo() {
        KeyframeQueue queue = new KeyframeQueue(100, 1000, stats);
        queue.offer(key(600));
        assertEquals(1 + 1, queue.offer(delta(500)));
        assertNull(queue.take());
        Frame k = key(900);
        assertEquals(0, queue.offer(k), "a keyframe alone within the byte bound is kept");
        assertSame(k, queue.take());
    }

    @Test
    void joinBurstDoesNotCountAgainstTheBoundsButLiveFramesDo() {
        KeyframeQueue queue = new KeyframeQueue(4, 1 << 20, stats);
        List<Frame> gop = new ArrayList<>(List.of(key(10)));
        for (int i = 0; i < 20; i++) {
            gop.add(delta(10));
        }
        assertEquals(0, queue.offerJoin(gop));
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    0, queue.offer(delta(10)), "live frame " + i + " fits beside the join burst");
        }
        assertEquals(24, drain(queue).size());
        KeyframeQueue late = new KeyframeQueue(4, 1 << 20, stats);
        late.offerJoin(gop);
        for (int i = 0; i < 4; i++) {
            late.offer(delta(10));
        }
        assertTrue(late.offer(delta(10)) > 0, "more live frames than the bound overflow");
    }

    @Test
    void joinStartingWithoutKeyframeIsDropped() {
        KeyframeQueue queue = new KeyframeQueue(4, 1 << 20, stats);
        assertEquals(2, queue.offerJoin(List.of(delta(1), delta(1))));
        assertNull(queue.take());
    }

    @Test
    void gopCacheHoldsTheLastKeyframeAndEverythingSince() {
        GopCache cache = new GopCache(100);
        cache.add(delta(10));
        assertTrue(cache.frames().isEmpty(), "nothing decodable before a keyframe");
        Frame k1 = key(10);
        Frame d1 = delta(10);
        cache.add(k1);
        cache.add(d1);
        assertEquals(List.of(k1, d1), cache.frames());
        Frame k2 = key(10);
        cache.add(k2);
        assertEquals(List.of(k2), cache.frames(), "a new keyframe starts a new GOP");
        for (int i = 0; i < 9; i++) {
            cache.add(delta(10));
        }
        assertEquals(10, cache.frames().size());
        Frame over = delta(10);
        cache.add(over);
        assertTrue(
                cache.frames().isEmpty(),
                "over the byte cap the GOP is forgotten until the next keyframe");
        assertSame(over, cache.latest());
        cache.add(delta(1));
        assertTrue(cache.frames().isEmpty());
        Frame k3 = key(10);
        cache.add(k3);
        assertEquals(List.of(k3), cache.frames());
    }
}

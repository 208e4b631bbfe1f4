package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Fixtures;
import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamHubTest {
    private static final byte[] BARS = Fixtures.load(Fixtures.BARS);
    private static final byte[] SMALL = Fixtures.mjpegSlices().get(0);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration REPEAT = Duration.ofSeconds(2);
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long GOP_BYTES = 8 * 1024 * 1024;

    private static final StreamKey CAM_HIGH = new StreamKey("cam1", Quality.HIGH);
    private static final StreamKey CAM_LOW = new StreamKey("cam1", Quality.LOW);

    private final StreamRegistry registry =
            new StreamRegistry(4, 3, GRACE, Duration.ofHours(1), GOP_BYTES);

    private static byte[] payload(int n) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) n, (byte) 0xFF, (byte) 0xD9};
    }

    @Test
    void latestWinsSlotKeepsOnlyTheNewestFrame() {
        ViewerStats stats = new ViewerStats();
        LatestWinsSlot slot = new LatestWinsSlot(stats);
        Frame a = new Frame(payload(1), 1, 0, true);
        Frame b = new Frame(payload(2), 2, 0, true);
        Frame c = new Frame(payload(3), 3, 0, true);
        assertTrue(slot.isEmpty());
        assertNull(slot.take());
        assertEquals(0, slot.offer(a), "nothing was replaced");
        assertFalse(slot.isEmpty());
        assertEquals(1, slot.offer(b), "a was never taken: a drop");
        assertSame(b, slot.take());
        assertTrue(slot.isEmpty());
        assertNull(slot.take(), "take empties the slot");
        assertEquals(0, slot.offer(c), "b was taken: no drop");
        assertSame(c, slot.take());
        assertEquals(
                1L,
                stats.droppedByReason().get(DropReason.SUPERSEDED),
                "the drop is counted with its reason");
    }

    @Test
    void lateJoinerGetsTheLatestFrameThenEveryLaterOneWithoutGapOrDuplicate() throws Exception {
        Publication pub = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber early = new RecordingSubscriber();
        assertTrue(pub.stream().attach(early));
        assertTrue(early.frames.isEmpty(), "no cached frame yet");
        for (int i = 1; i <= 3; i++) {
            assertTrue(pub.publish(payload(i), true));
        }
        RecordingSubscriber late = new RecordingSubscriber();
        assertTrue(pub.stream().attach(late));
        assertEquals(List.of(3L), late.sequences(), "the join cache first");
        assertArrayEquals(payload(3), late.frames.get(0).copyPayload());
        for (int i = 4; i <= 6; i++) {
            assertTrue(pub.publish(payload(i), true));
        }
        assertEquals(List.of(3L, 4L, 5L, 6L), late.sequences());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), early.sequences());
        assertArrayEquals(payload(6), late.frames.get(3).copyPayload());
        assertSame(
                early.frames.get(5), late.frames.get(3), "every viewer gets the same shared frame");
    }

    @Test
    void detachedViewerGetsNoMoreFrames() throws Exception {
        Publication pub = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        pub.stream().attach(sub);
        pub.publish(payload(1), true);
        pub.stream().detach(sub);
        pub.publish(payload(2), true);
        assertEquals(List.of(1L), sub.sequences());
        assertEquals(0, pub.stream().snapshot(System.nanoTime()).viewers());
    }

    @Test
    void attachBeyondMaxViewersIsRefused() throws Exception {
        LiveStream stream = registry.publish(CAM_HIGH, Format.MJPEG).stream();
        RecordingSubscriber[] subs = {
            new RecordingSubscriber(), new RecordingSubscriber(), new RecordingSubscriber()
        };
        for (RecordingSubscriber sub : subs) {
            assertTrue(stream.attach(sub));
        }
        RecordingSubscriber fourth = new RecordingSubscriber();
        assertFalse(stream.attach(fourth), "max 3 viewers");
        assertEquals(3, stream.snapshot(System.nanoTime()).viewers());
        stream.detach(subs[1]);
        assertTrue(stream.attach(fourth), "a place became free");
    }

    @Test
    void streamLimitCountsNameAndQuality() throws Exception {
        StreamRegistry two = new StreamRegistry(2, 10, GRACE, REPEAT, GOP_BYTES);
        two.publish(CAM_HIGH, Format.MJPEG);
        two.publish(CAM_LOW, Format.MJPEG);
        two.publish(CAM_HIGH, Format.MJPEG); // a reconnect takes over, it is not a new stream
        StreamLimitException e =
                assertThrows(
                        StreamLimitException.class,
                        () -> two.publish(new StreamKey("cam2", Quality.HIGH), Format.MJPEG));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
        assertEquals(2, two.streams().size());
    }

    @Test
    void expiredStreamFreesItsPlaceInTheLimit() throws Exception {
        StreamRegistry one = new StreamRegistry(1, 10, GRACE, Duration.ofHours(1), GOP_BYTES);
        Publication pub = one.publish(CAM_HIGH, Format.MJPEG);
        pub.end();
        long after = System.nanoTime();
        assertThrows(
                StreamLimitException.class,
                () -> one.publish(CAM_LOW, Format.MJPEG),
                "offline streams still count");
        one.tick(after + GRACE.toNanos());
        assertEquals(CAM_LOW, one.publish(CAM_LOW, Format.MJPEG).stream().key());
    }

    @Test
    void secondPublisherTakesOverAndViewersKeepReceiving() throws Exception {
        Publication first = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        first.stream().attach(sub);
        assertTrue(first.publish(payload(1), true));
        assertTrue(first.isCurrent());

        Publication second = registry.publish(CAM_HIGH, Format.MJPEG);
        assertSame(first.stream(), second.stream(), "same stream, same viewers");
        assertFalse(first.isCurrent());
        assertTrue(second.isCurrent());
        assertFalse(first.publish(payload(99), true), "the old connection no longer publishes");
        assertTrue(second.publish(payload(2), true));
        assertTrue(second.publish(payload(3), true));

        assertEquals(List.of(1L, 2L, 3L), sub.sequences());
        assertArrayEquals(payload(3), sub.frames.get(2).copyPayload());
        assertTrue(sub.closes.isEmpty(), "viewers stay");

        first.end(); // the old connection closes late: the stream stays live
        assertEquals("live", second.stream().snapshot(System.nanoTime()).state());
        assertTrue(second.publish(payload(4), true));
        assertEquals(4, sub.frames.size());
    }

    @Test
    void endedPublicationGoesOfflineAndIsRemovedOnlyAfterTheGrace() throws Exception {
        Publication pub = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        pub.stream().attach(sub);
        pub.publish(payload(1), true);
        assertEquals("live", pub.stream().snapshot(System.nanoTime()).state());

        long before = System.nanoTime();
        pub.end();
        long after = System.nanoTime();
        assertEquals("offline", pub.stream().snapshot(System.nanoTime()).state());
        assertFalse(pub.isCurrent());
        assertFalse(pub.publish(payload(2), true), "an ended publication publishes nothing");

        registry.tick(before + GRACE.toNanos() - 1);
        assertTrue(sub.closes.isEmpty(), "within the grace the viewer stays");
        assertSame(pub.stream(), registry.find("cam1", Quality.HIGH).orElseThrow());

        registry.tick(after + GRACE.toNanos());
        assertEquals(1, sub.closes.size(), "closed once after the grace");
        assertEquals("camera offline", sub.closes.get(0));
        assertEquals(Optional.empty(), registry.find("cam1", Quality.HIGH));
        assertFalse(
                pub.stream().attach(new RecordingSubscriber()),
                "a removed stream takes no viewers");

        registry.tick(after + 2 * GRACE.toNanos());
        assertEquals(1, sub.closes.size(), "not closed twice");
    }

    @Test
    void aReservedStreamTakesWaitingViewersSignalsEachAndNeverExpires() throws Exception {
        int[] signals = {0};
        LiveStream reserved = registry.reserve(CAM_HIGH, Format.H264, () -> signals[0]++);
        assertEquals("offline", reserved.snapshot(System.nanoTime()).state());
        RecordingSubscriber waiting = new RecordingSubscriber();
        assertTrue(reserved.attach(waiting), "a viewer waits on a stream nobody publishes yet");
        assertEquals(1, signals[0], "the puller hears of the viewer");

        Publication pub = registry.publish(CAM_HIGH, Format.H264);
        assertSame(reserved, pub.stream(), "the camera publishes into the reserved stream");
        pub.publish(new byte[] {0, 0, 0, 1, 0x65, 1}, true);
        assertEquals(1, waiting.frames.size(), "the waiting viewer gets the first picture");
        pub.end();

        registry.tick(System.nanoTime() + 10 * GRACE.toNanos());
        assertTrue(waiting.closes.isEmpty(), "kept past the offline grace");
        assertSame(reserved, registry.find("cam1", Quality.HIGH).orElseThrow());
    }

    @Test
    void publisherReturningWithinTheGraceKeepsTheStream() throws Exception {
        Publication pub = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        pub.stream().attach(sub);
        pub.end();
        long after = System.nanoTime();
        Publication back = registry.publish(CAM_HIGH, Format.MJPEG);
        assertSame(pub.stream(), back.stream());
        assertEquals("live", back.stream().snapshot(System.nanoTime()).state());
        registry.tick(after + GRACE.toNanos() + HOUR);
        assertTrue(sub.closes.isEmpty());
        assertTrue(back.publish(payload(7), true));
        assertEquals(List.of(1L), sub.sequences());
    }

    @Test
    void formatChangeReplacesTheStreamAndClosesOldViewers() throws Exception {
        Publication mjpeg = registry.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        mjpeg.stream().attach(sub);
        mjpeg.publish(payload(1), true);

        Publication h264 = registry.publish(CAM_HIGH, Format.H264);
        assertNotSame(mjpeg.stream(), h264.stream());
        assertEquals(Format.H264, h264.stream().format());
        assertEquals(1, sub.closes.size());
        assertTrue(sub.closes.get(0).contains("h264"), sub.closes.get(0));
        assertFalse(mjpeg.publish(payload(2), true));
        assertFalse(mjpeg.isCurrent());
        assertTrue(h264.publish(new byte[] {0, 0, 0, 1, 0x65}, true));
        assertEquals(List.of(1L), sub.sequences(), "old viewers get nothing of the new format");
        assertSame(h264.stream(), registry.find("cam1", Quality.HIGH).orElseThrow());
        assertEquals(
                5,
                h264.stream().latest().orElseThrow().size(),
                "the new stream caches its own frame");
        assertEquals(1L, h264.stream().latest().orElseThrow().sequence(), "and counts from 1");
        assertEquals(1, registry.streams().size());
    }

    @Test
    void findFallsBackToTheOtherQuality() throws Exception {
        assertEquals(Optional.empty(), registry.find("cam1", Quality.HIGH));
        LiveStream low = registry.publish(CAM_LOW, Format.MJPEG).stream();
        assertSame(low, registry.find("cam1", Quality.HIGH).orElseThrow());
        assertSame(low, registry.find("cam1", Quality.LOW).orElseThrow());
        LiveStream high = registry.publish(CAM_HIGH, Format.MJPEG).stream();
        assertSame(high, registry.find("cam1", Quality.HIGH).orElseThrow());
        assertSame(low, registry.find("cam1", Quality.LOW).orElseThrow());
        assertEquals(Optional.empty(), registry.find("cam2", Quality.HIGH));
        assertEquals(Optional.empty(), registry.find("../cam1", Quality.HIGH));
        assertEquals(Optional.empty(), registry.find(null, Quality.HIGH));
    }

    @Test
    void snapshotCountsFramesBytesSizeAndViewers() throws Exception {
        Publication pub = registry.publish(CAM_HIGH, Format.MJPEG);
        StreamSnapshot empty = pub.stream().snapshot(System.nanoTime());
        assertNull(empty.width());
        assertNull(empty.height());
        assertNull(empty.frameAgeMs());
        assertEquals(0, empty.framesIn());

        pub.stream().attach(new RecordingSubscriber());
        pub.stream().attach(new RecordingSubscriber());
        pub.publish(BARS.clone(), true);
        StreamSnapshot s = pub.stream().snapshot(System.nanoTime());
        assertEquals("cam1", s.name());
        assertEquals("high", s.quality());
        assertEquals("mjpeg", s.format());
        assertEquals("live", s.state());
        assertEquals(320, s.width());
        assertEquals(240, s.height());
        assertEquals(2, s.viewers());
        assertEquals(1, s.framesIn());
        assertEquals(BARS.length, s.bytesIn());

        pub.publish(SMALL.clone(), true);
        pub.publish(
                payload(3),
                true); // no frame header: the size stays that of the last JPEG that had one
        pub.stream().viewerStats().delivered(100);
        pub.stream().viewerStats().delivered(50);
        pub.stream().viewerStats().dropped(DropReason.SUPERSEDED, 1);
        long now = System.nanoTime();
        s = pub.stream().snapshot(now);
        assertEquals(160, s.width());
        assertEquals(120, s.height());
        assertEquals(3, s.framesIn());
        assertEquals(BARS.length + SMALL.length + 5, s.bytesIn());
        assertEquals(2, s.framesOut());
        assertEquals(150, s.bytesOut());
        assertEquals(1, s.framesDropped());
        long ingest = pub.stream().latest().orElseThrow().ingestNanos();
        assertEquals(0L, s.frameAgeMs() - (now - ingest) / 1_000_000);
        assertEquals(5_000L, pub.stream().snapshot(ingest + 5_000_000_000L).frameAgeMs());
    }

    @Test
    void snapshotsAreSortedByNameThenQuality() throws Exception {
        registry.publish(new StreamKey("b", Quality.HIGH), Format.MJPEG);
        registry.publish(new StreamKey("a", Quality.HIGH), Format.MJPEG);
        registry.publish(new StreamKey("a", Quality.LOW), Format.H264);
        List<String> order =
                registry.snapshots().stream().map(s -> s.name() + "/" + s.quality()).toList();
        assertEquals(List.of("a/low", "a/high", "b/high"), order);
    }

    @Test
    void tickRepeatsTheLatestJpegOnlyAfterTheRepeatInterval() throws Exception {
        StreamRegistry repeating = new StreamRegistry(4, 3, GRACE, REPEAT, GOP_BYTES);
        Publication pub = repeating.publish(CAM_HIGH, Format.MJPEG);
        RecordingSubscriber sub = new RecordingSubscriber();
        pub.stream().attach(sub);
        long before = System.nanoTime();
        pub.publish(payload(1), true);
        long after = System.nanoTime();

        repeating.tick(before + REPEAT.toNanos() - 1);
        assertEquals(List.of(1L), sub.sequences(), "too early for a repeat");
        repeating.tick(after + REPEAT.toNanos());
        assertEquals(List.of(1L, 1L), sub.sequences(), "the latest frame again");
        assertEquals(
                List.of(before + REPEAT.toNanos() - 1, after + REPEAT.toNanos()),
                sub.stallChecks,
                "each tick checks each viewer");
    }

    @Test
    void tickNeverRepeatsH264Frames() throws Exception {
        StreamRegistry repeating = new StreamRegistry(4, 3, GRACE, REPEAT, GOP_BYTES);
        Publication pub = repeating.publish(CAM_HIGH, Format.H264);
        RecordingSubscriber sub = new RecordingSubscriber();
        pub.stream().attach(sub);
        pub.publish(new byte[] {0, 0, 0, 1, 0x65}, true);
        repeating.tick(System.nanoTime() + HOUR);
        assertEquals(List.of(1L), sub.sequences());
    }

    @Test
    void closeEndsEveryViewerOfEveryStream() throws Exception {
        RecordingSubscriber a = new RecordingSubscriber();
        RecordingSubscriber b = new RecordingSubscriber();
        registry.publish(CAM_HIGH, Format.MJPEG).stream().attach(a);
        Publication low = registry.publish(CAM_LOW, Format.MJPEG);
        low.stream().attach(b);
        registry.close();
        assertEquals(List.of("server shutting down"), a.closes);
        assertEquals(List.of("server shutting down"), b.closes);
        assertTrue(registry.streams().isEmpty());
        assertFalse(low.publish(payload(1), true));
    }
}

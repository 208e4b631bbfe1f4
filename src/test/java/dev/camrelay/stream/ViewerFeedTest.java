package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A viewer's feed on the real hub: fixed and automatic quality, switches at keyframes only. */
class ViewerFeedTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long NEVER = Duration.ofHours(1).toNanos();
    private static final AutoQualityPolicy POLICY =
            AutoQualityPolicy.of(8, 29, Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final StreamRegistry registry =
            new StreamRegistry(8, 8, Duration.ofMinutes(1), Duration.ofHours(1), 1 << 20);
    private final RecordingViewer viewer = new RecordingViewer();

    /** Just after the feed was opened: its first delivery window starts then. */
    private long opened;

    /**
     * The far side: counts wake-ups and closes; the test takes frames itself, as the writer would.
     */
    private static final class RecordingViewer implements ViewerFeed.Viewer {
        int wakes;
        final List<String> closes = new ArrayList<>();

        @Override
        public void wake() {
            wakes++;
        }

        @Override
        public void checkStall(long nowNanos) {}

        @Override
        public void close(String reason) {
            closes.add(reason);
        }
    }

    private static ViewerQueue smallKeyframeQueue(LiveStream stream, DropCounter drops) {
        return new KeyframeQueue(4, 1 << 20, drops);
    }

    /** Publishes a GOP: one keyframe, then {@code deltas} frames that depend on it. */
    private static void gop(Publication publication, int deltas, int marker) {
        publication.publish(new byte[] {(byte) marker, 1}, true);
        for (int i = 0; i < deltas; i++) {
            publication.publish(new byte[] {(byte) marker, 0}, false);
        }
    }

    /** The camera "cam" publishing one H.264 rendition. */
    private Publication h264(Quality quality) throws StreamLimitException {
        return registry.publish(new StreamKey("cam", quality), Format.H264);
    }

    /**
     * A feed of "cam" over small H.264 queues, attached to the recording viewer; its first window
     * starts now.
     */
    private ViewerFeed attached(Quality preferred, AutoQualityPolicy policy) {
        ViewerFeed feed =
                ViewerFeed.open(
                                registry,
                                "cam",
                                preferred,
                                policy,
                                ViewerFeedTest::smallKeyframeQueue)
                        .orElseThrow();
        opened = System.nanoTime();
        assertTrue(feed.attach(viewer));
        return feed;
    }

    /** A GOP of {@code frames} taken as fast as it is published: a viewer that keeps up. */
    private void keepingUp(ViewerFeed feed, Publication publication, int frames, int marker) {
        for (int i = 0; i < frames; i++) {
            publication.publish(new byte[] {(byte) marker, (byte) (i == 0 ? 1 : 0)}, i == 0);
            takeAll(feed);
        }
    }

    private List<Frame> takeAll(ViewerFeed feed) {
        List<Frame> taken = new ArrayList<>();
        for (Frame frame; (frame = feed.take()) != null; ) {
            taken.add(frame);
            feed.delivered(frame.size());
        }
        return taken;
    }

    @Test
    void aFixedQualityViewerGetsTheJoinCacheAndIsNeverMoved() throws Exception {
        Publication high = h264(Quality.HIGH);
        Publication low = h264(Quality.LOW);
        gop(high, 2, 'H');
        gop(low, 2, 'L');
        ViewerFeed feed = attached(Quality.LOW, null);
        assertEquals(3, takeAll(feed).size(), "the low GOP so far");
        for (int second = 1; second <= 10; second++) {
            gop(low, 20, 'L');
            low.stream().tick(opened + second * SECOND, NEVER);
        }
        assertSame(low.stream(), feed.stream());
        assertEquals(0, feed.switches());
    }

    @Test
    void anAutoViewerThatCannotKeepUpMovesToLowAtAKeyframeAndBackWhenItCan() throws Exception {
        Publication high = h264(Quality.HIGH);
        Publication low = h264(Quality.LOW);
        gop(high, 1, 'H');
        gop(low, 1, 'L');
        ViewerFeed feed = attached(Quality.HIGH, POLICY);
        assertEquals(Quality.HIGH, feed.quality());

        // one second in which the viewer takes nothing: its 4-frame queue overflows again and again
        gop(high, 29, 'H');
        gop(high, 2, 'H');
        gop(low, 5, 'L');
        high.stream().tick(opened + SECOND + 1, NEVER);
        assertEquals(Quality.LOW, feed.quality(), "delivered 0 of 35 frames: moved down");
        assertEquals(1, feed.switches());
        assertEquals(0, high.stream().snapshot(System.nanoTime()).viewers(), "detached from high");
        assertEquals(1, low.stream().snapshot(System.nanoTime()).viewers());
        assertTrue(
                high.stream().viewerStats().droppedByReason().get(DropReason.RENDITION_SWITCH) > 0,
                "high's queued frames were discarded and counted");
        assertEquals(1, high.stream().viewerStats().switchedDown());

        List<Frame> afterSwitch = takeAll(feed);
        assertTrue(
                afterSwitch.get(0).keyframe(),
                "the first frame after the move is the low keyframe");
        assertTrue(
                afterSwitch.stream().allMatch(f -> f.payload().get(0) == 'L'),
                "only low frames after the move");

        gop(high, 5, 'H');
        keepingUp(feed, low, 10, 'L');
        low.stream().tick(opened + 2 * SECOND + 1, NEVER);
        assertEquals(Quality.LOW, feed.quality(), "one good second is not enough");
        keepingUp(feed, low, 10, 'L');
        low.stream().tick(opened + 3 * SECOND + 1, NEVER);
        assertEquals(Quality.HIGH, feed.quality(), "two good seconds in a row: back to high");
        List<Frame> backUp = takeAll(feed);
        assertTrue(
                backUp.get(0).keyframe() && backUp.get(0).payload().get(0) == 'H',
                "high again from its keyframe");
        assertEquals(2, feed.switches());
        assertEquals(1, low.stream().viewerStats().switchedUp());
        assertEquals(List.of(), viewer.closes);
    }

    @Test
    void noMoveWhenTheOtherRenditionHasNoKeyframeYetOrIsAnotherFormat() throws Exception {
        Publication high = h264(Quality.HIGH);
        Publication low = h264(Quality.LOW);
        gop(high, 1, 'H');
        low.publish(new byte[] {'L', 0}, false);
        ViewerFeed feed = attached(Quality.HIGH, POLICY);
        gop(high, 29, 'H');
        high.stream().tick(opened + SECOND + 1, NEVER);
        assertEquals(Quality.HIGH, feed.quality(), "low has no keyframe to start from: stay");

        Publication mjpegLow = registry.publish(new StreamKey("cam", Quality.LOW), Format.MJPEG);
        mjpegLow.publish(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, true);
        gop(high, 29, 'H');
        high.stream().tick(opened + 2 * SECOND + 2, NEVER);
        assertEquals(
                Quality.HIGH,
                feed.quality(),
                "an MJPEG low rendition cannot feed an H.264 decoder");
    }

    @Test
    void aDetachedFeedGetsNothingMoreAndIsNotJudged() throws Exception {
        Publication high = h264(Quality.HIGH);
        Publication low = h264(Quality.LOW);
        gop(high, 1, 'H');
        gop(low, 1, 'L');
        ViewerFeed feed = attached(Quality.HIGH, POLICY);
        takeAll(feed);
        feed.detach();
        int wakes = viewer.wakes;
        gop(high, 29, 'H');
        high.stream().tick(opened + SECOND + 1, NEVER);
        assertEquals(wakes, viewer.wakes, "no frame reaches a detached feed");
        assertEquals(Quality.HIGH, feed.quality(), "and it is not moved");
        assertEquals(0, low.stream().snapshot(System.nanoTime()).viewers());
    }

    @Test
    void autoViewersAreListedWithTheirRenditionAndSwitches() throws Exception {
        Publication high = registry.publish(new StreamKey("cam", Quality.HIGH), Format.MJPEG);
        high.publish(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, true);
        ViewerFeed auto =
                ViewerFeed.open(
                                registry,
                                "cam",
                                Quality.HIGH,
                                POLICY,
                                (s, d) -> new LatestWinsSlot(d))
                        .orElseThrow();
        ViewerFeed fixed =
                ViewerFeed.open(
                                registry,
                                "cam",
                                Quality.HIGH,
                                null,
                                (s, d) -> new LatestWinsSlot(d))
                        .orElseThrow();
        assertTrue(auto.attach(viewer));
        assertTrue(fixed.attach(new RecordingViewer()));
        StreamSnapshot snapshot = high.stream().snapshot(System.nanoTime());
        assertEquals(2, snapshot.viewers());
        assertEquals(
                List.of(new ViewerSnapshot("high", 0, 1, 0)),
                snapshot.autoViewers(),
                "the join JPEG offered, not written yet; the fixed viewer not listed");
    }
}

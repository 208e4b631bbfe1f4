package dev.camrelay.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sink queue's bounds and its drop policy: drop newest, then (H.264/TS) skip to the next
 * keyframe.
 */
class SinkQueueTest {
    private long clockMicros;
    private final StreamRegistry registry =
            new StreamRegistry(4, 3, Duration.ofSeconds(3), Duration.ofHours(1), 1 << 20);

    @Test
    void aFullQueueDropsNewestAndAGopStreamResumesOnlyAtAKeyframe() throws Exception {
        LiveStream h264 =
                registry.publish(new StreamKey("cam", Quality.HIGH), Format.H264).stream();
        SinkQueue queue = new SinkQueue(3, 1 << 20, Duration.ofSeconds(2), () -> clockMicros);
        List<Long> offered = List.of(1L, 2L, 3L, 4L, 5L, 6L);
        for (long seq : offered) {
            queue.offer(h264, frame(seq, seq == 1 || seq == 6, 10), 0);
        }
        // 1..3 fit; 4 is dropped (full); 5 is a P-frame after a hole; 6 is a keyframe but the queue
        // is still full
        assertEquals(List.of(1L, 2L, 3L), drain(queue));
        queue.offer(h264, frame(7, false, 10), 0);
        queue.offer(h264, frame(8, true, 10), 0);
        queue.offer(h264, frame(9, false, 10), 0);
        assertEquals(
                List.of(8L, 9L),
                drain(queue),
                "after a drop the stream restarts at its next keyframe");
        assertEquals(
                Map.of(
                        "queue_full",
                        2L,
                        "topic_pending",
                        0L,
                        "awaiting_keyframe",
                        2L,
                        "kafka_unavailable",
                        0L,
                        "expired",
                        0L,
                        "send_failed",
                        0L),
                drops(queue));
    }

    @Test
    void mjpegDropsOnlyWhatDoesNotFitAndBytesAreBounded() throws Exception {
        LiveStream mjpeg =
                registry.publish(new StreamKey("cam", Quality.LOW), Format.MJPEG).stream();
        SinkQueue queue = new SinkQueue(100, 25, Duration.ofSeconds(2), () -> clockMicros);
        queue.offer(mjpeg, frame(1, true, 10), 0);
        queue.offer(mjpeg, frame(2, true, 10), 0);
        queue.offer(mjpeg, frame(3, true, 10), 0);
        assertEquals(20L, queue.status().get("queuedBytes"));
        assertEquals(List.of(1L, 2L), drain(queue));
        queue.offer(mjpeg, frame(4, true, 10), 0);
        assertEquals(List.of(4L), drain(queue), "no keyframe wait for MJPEG: every frame is one");
        assertEquals(1L, drops(queue).get("queue_full"));
    }

    @Test
    void aFailedSendMakesTheStreamWaitForItsNextKeyframe() throws Exception {
        LiveStream ts = registry.publish(new StreamKey("cam", Quality.HIGH), Format.TS).stream();
        SinkQueue queue = new SinkQueue(10, 1 << 20, Duration.ofSeconds(2), () -> clockMicros);
        queue.offer(ts, frame(1, true, 10), 0);
        SinkQueue.Outgoing sent = queue.poll(0);
        queue.dropped(sent.lane(), SinkQueue.Drop.SEND_FAILED);
        queue.offer(ts, frame(2, false, 10), 0);
        queue.offer(ts, frame(3, true, 10), 0);
        assertEquals(List.of(3L), drain(queue));
        assertTrue(queue.dropCount() == 2);
    }

    @Test
    void framesThatWaitedTooLongExpireAndAGopStreamResumesAtItsNextKeyframe() throws Exception {
        LiveStream h264 =
                registry.publish(new StreamKey("cam", Quality.HIGH), Format.H264).stream();
        LiveStream mjpeg =
                registry.publish(new StreamKey("cam", Quality.LOW), Format.MJPEG).stream();
        SinkQueue queue = new SinkQueue(100, 1 << 20, Duration.ofSeconds(2), () -> clockMicros);
        // Kafka away: frames 1..4 queue up at t = 0..3 s, nothing is polled
        for (long seq = 1; seq <= 4; seq++) {
            queue.offer(h264, frame(seq, seq == 1 || seq == 4, 10), (seq - 1) * 1_000_000);
            queue.offer(mjpeg, frame(10 + seq, true, 10), (seq - 1) * 1_000_000);
        }
        queue.offer(h264, frame(5, false, 10), 3_500_000);
        // Kafka back at t = 4 s: only what is at most 2 s old goes out, H.264 from its keyframe 4
        clockMicros = 4_000_000;
        assertEquals(List.of(13L, 4L, 14L, 5L), drain(queue));
        assertEquals(4L, drops(queue).get("expired"), "h264 1, 2 and mjpeg 11, 12 waited over 2 s");
        assertEquals(
                1L,
                drops(queue).get("awaiting_keyframe"),
                "h264 3 is young but follows an expired frame");
    }

    @Test
    void topicNamesFollowTheOriginalConvention() {
        StreamTopic topic = StreamTopic.of(new StreamKey("stream_0", Quality.LOW), Format.MJPEG);
        assertEquals("stream_0_mjpg_low", topic.topic());
        assertEquals(
                topic,
                StreamTopic.parse("stream_0_mjpg_low").orElseThrow(),
                "names with underscores parse back");
        assertEquals(Format.H264, StreamTopic.parse("stream0_h264_high").orElseThrow().format());
        assertEquals(Format.TS, StreamTopic.parse("cam-1_ts_low").orElseThrow().format());
        assertTrue(StreamTopic.parse("camrelay_presence").isEmpty());
        assertTrue(StreamTopic.parse("cam_mjpeg_low").isEmpty(), "the original spells MJPEG mjpg");
    }

    private static Frame frame(long sequence, boolean keyframe, int size) {
        return new Frame(new byte[size], sequence, 0, keyframe);
    }

    private static List<Long> drain(SinkQueue queue) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        for (SinkQueue.Outgoing next = queue.poll(0); next != null; next = queue.poll(0)) {
            out.add(next.frame().sequence());
        }
        assertNull(queue.poll(0));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> drops(SinkQueue queue) {
        return (Map<String, Long>) queue.status().get("droppedByReason");
    }
}

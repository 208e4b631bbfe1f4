package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.AudioTrack;
import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream's audio track beside its pictures: who gets it, what a joining viewer gets. */
class StreamAudioTest {
    private static final AudioTrack AAC = AudioTrack.fromHexConfig("1190", 48000).orElseThrow();
    private static final StreamKey CAM = new StreamKey("cam", Quality.HIGH);

    private final StreamRegistry registry =
            new StreamRegistry(4, 3, Duration.ofSeconds(3), Duration.ofHours(1), 1 << 20);

    /** A viewer that asked for audio. */
    private static final class Listening implements Subscriber {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public boolean wantsAudio() {
            return true;
        }

        @Override
        public void offer(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void checkStall(long nowNanos) {}

        @Override
        public void close(String reason) {}

        String kinds() {
            StringBuilder s = new StringBuilder();
            frames.forEach(f -> s.append(f.audio() ? 'a' : f.keyframe() ? 'K' : 'v'));
            return s.toString();
        }
    }

    @Test
    void audioGoesOnlyToViewersThatAskedAndVideoCarriesTheTrack() throws Exception {
        Publication pub = registry.publish(CAM, Format.H264);
        pub.describeAudio(AAC);
        RecordingSubscriber video = new RecordingSubscriber();
        Listening both = new Listening();
        pub.stream().attach(video);
        pub.stream().attach(both);

        pub.publish(new byte[] {1}, true);
        assertTrue(pub.publishAudio(new byte[] {2}, 1024));
        pub.publish(new byte[] {3}, false);

        assertEquals(List.of(1L, 3L), video.sequences(), "no audio frame for a video viewer");
        assertEquals("Kav", both.kinds());
        Frame sound = both.frames.get(1);
        assertEquals(1024, sound.timestamp());
        assertEquals(AAC, sound.audioTrack());
        assertEquals(AAC, both.frames.get(0).audioTrack(), "a picture tells the stream's track");
        assertEquals(1, pub.stream().latest().orElseThrow().copyPayload().length);
        assertEquals(3, pub.stream().latest().orElseThrow().copyPayload()[0], "not audio");
    }

    @Test
    void aLateViewerGetsTheAudioSinceTheCachedKeyframeInOrder() throws Exception {
        Publication pub = registry.publish(CAM, Format.H264);
        pub.describeAudio(AAC);
        pub.publishAudio(new byte[] {9}, 0); // before any picture: no use to a joiner
        pub.publish(new byte[] {1}, true);
        pub.publishAudio(new byte[] {2}, 1024);
        pub.publish(new byte[] {3}, false);
        pub.publishAudio(new byte[] {4}, 2048);
        pub.publishAudio(new byte[] {5}, 3072);
        pub.publish(new byte[] {6}, true);
        pub.publishAudio(new byte[] {7}, 4096);
        pub.publish(new byte[] {8}, false);

        Listening late = new Listening();
        RecordingSubscriber videoOnly = new RecordingSubscriber();
        pub.stream().attach(late);
        pub.stream().attach(videoOnly);

        assertEquals("Kav", late.kinds(), "from the newest keyframe, in publishing order");
        assertEquals(4096, late.frames.get(1).timestamp());
        assertEquals(2, videoOnly.frames.size());
    }

    @Test
    void joinAudioIsBoundedOldestDropped() throws Exception {
        Publication pub = registry.publish(CAM, Format.H264);
        pub.describeAudio(AAC);
        pub.publish(new byte[] {1}, true);
        int sent = JoinAudio.MAX_FRAMES + 20;
        for (int i = 0; i < sent; i++) {
            pub.publishAudio(new byte[] {2}, 1024L * i);
        }
        Listening late = new Listening();
        pub.stream().attach(late);

        assertEquals(1 + JoinAudio.MAX_FRAMES, late.frames.size());
        assertEquals(1024L * 20, late.frames.get(1).timestamp(), "the oldest 20 were dropped");
    }

    @Test
    void noAudioWithoutADescribedTrackAndATakeOverForgetsTheTrack() throws Exception {
        Publication pub = registry.publish(CAM, Format.H264);
        assertFalse(pub.publishAudio(new byte[] {2}, 0), "no track described");
        pub.describeAudio(AAC);
        assertTrue(pub.publishAudio(new byte[] {2}, 0));

        Publication pushed = registry.publish(CAM, Format.H264);
        pushed.publish(new byte[] {1}, true);
        assertFalse(pushed.publishAudio(new byte[] {2}, 0), "the new publisher has no audio");
        Listening late = new Listening();
        pushed.stream().attach(late);
        assertEquals("K", late.kinds());
        assertSame(null, late.frames.get(0).audioTrack());
    }
}

package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.Packets.SIZE;
import static dev.camrelay.media.ts.Packets.adaptationOnly;
import static dev.camrelay.media.ts.Packets.concat;
import static dev.camrelay.media.ts.Packets.picture;
import static dev.camrelay.media.ts.Packets.videoContinued;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the demuxer learns that a stuffed video packet ends its picture, on synthetic packets: a
 * short payload is padded with adaptation-field stuffing, as ffmpeg does.
 */
class TsStuffedEndsTest {
    /** A one-packet P picture: its PES start is stuffed. */
    private static final byte[] P = picture(false);

    /** A picture whose stuffed first packet does not end it: the PES packet goes on. */
    private static final byte[] CONTINUED = concat(picture(false), videoContinued((byte) 7));

    private static byte[] ps(int count) {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(P);
        }
        return concat(all.toArray(byte[][]::new));
    }

    @Test
    void afterThreeStuffedEndsEachPictureGoesOutAtItsStuffedPacketAtEverySplit() {
        byte[] stream = ps(6);
        for (int cut = 0; cut <= stream.length; cut++) {
            Demux run = new Demux().feed(stream, 0, cut);
            int whole = cut / SIZE;
            // pictures 0-2 wait for the next one; from picture 3 on, each is out at its last byte
            int expected = whole <= 3 ? Math.max(0, whole - 1) : whole;
            assertEquals(expected, run.frames.size(), "after " + cut + " bytes");
            run.feed(stream, cut, stream.length);
            assertEquals(6, run.frames.size(), "split at " + cut);
        }
    }

    @Test
    void aPcrOnlyPacketBetweenPicturesNeitherHelpsNorHurts() {
        byte[] pcr = adaptationOnly(Packets.VIDEO_PID);
        Demux run = new Demux().feed(concat(P, pcr, P, pcr, P, pcr, P));
        assertEquals(4, run.frames.size(), "the fourth picture ends at its own packet");
        assertArrayEquals(concat(P, pcr), run.frames.get(0).packets());
        assertArrayEquals(P, run.frames.get(3).packets());
    }

    @Test
    void aStuffedPacketThatTheSamePesPacketFollowsStopsTheLearningForGood() {
        Demux run = new Demux().feed(concat(CONTINUED, ps(6)));
        assertEquals(6, run.frames.size(), "each picture waits for the next one");
        assertArrayEquals(CONTINUED, run.frames.get(0).packets());

        Demux control = new Demux().feed(concat(P, ps(6)));
        assertEquals(7, control.frames.size(), "without it the last picture is out as well");
    }

    /**
     * The residual case: a muxer that stuffs a packet inside a PES packet after the demuxer has
     * learnt to trust stuffing. The first packet has gone out as a picture when the rest shows; the
     * rest is dropped and counted, and stuffing is not trusted again.
     */
    @Test
    void aPacketStuffedInsideAPictureAfterTheLearningCutsThatPictureShortOnce() {
        Demux run = new Demux().feed(concat(ps(4), CONTINUED, ps(4)));
        // four pictures, the cut one, then three of the last four: the last waits for a next
        assertEquals(8, run.frames.size());
        assertArrayEquals(picture(false), run.frames.get(4).packets(), "the cut picture");
        assertEquals(1, run.demuxer.droppedFrames(), "the rest of it");
        assertArrayEquals(P, run.frames.get(7).packets(), "then pictures wait for the next");
    }
}

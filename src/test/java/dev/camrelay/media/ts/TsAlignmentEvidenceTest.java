package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.Packets.SIZE;
import static dev.camrelay.media.ts.Packets.VIDEO_PID;
import static dev.camrelay.media.ts.Packets.adaptationOnly;
import static dev.camrelay.media.ts.Packets.concat;
import static dev.camrelay.media.ts.Packets.packet;
import static dev.camrelay.media.ts.Packets.pat;
import static dev.camrelay.media.ts.Packets.pesStart;
import static dev.camrelay.media.ts.Packets.pmt;
import static dev.camrelay.media.ts.Packets.videoContinued;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What counts as evidence for and against message ends being picture ends, on synthetic packets.
 */
class TsAlignmentEvidenceTest {
    private static final byte[] PAT = pat(0, 1, 0x1000);
    private static final byte[] PMT = pmt(0x1000, 0);
    private static final byte[] AUDIO =
            packet(0x101, true, 0, new byte[] {0, 0, 1, (byte) 0xC0, 0, 0});

    /**
     * A picture of {@code packets} packets, its first payload byte after the PES header numbered
     * {@code id}; with {@code bounded} its PES header declares the PES packet's length.
     */
    private static byte[] picture(int id, int packets, boolean bounded) {
        byte[] es = new byte[SIZE - 4 - 9];
        es[2] = 1;
        es[4] = (byte) id;
        byte[] first = pesStart(0, es);
        if (bounded) {
            int length = packets * (SIZE - 4) - 6; // the PES bytes after PES_packet_length
            first[8] = (byte) (length >> 8);
            first[9] = (byte) length;
        }
        List<byte[]> all = new ArrayList<>(List.of(first));
        for (int i = 1; i < packets; i++) {
            all.add(videoContinued((byte) id, (byte) i));
        }
        return concat(all.toArray(byte[][]::new));
    }

    /** Pictures 0 to 3 in messages of their own: aligned once message 3 is in. */
    private static Demux aligned(boolean bounded) {
        Demux run = new Demux().message(concat(PAT, PMT, picture(0, 3, bounded)));
        for (int k = 1; k <= 3; k++) {
            run.message(picture(k, 2, bounded));
        }
        assertTrue(run.demuxer.messagesAligned());
        assertEquals(4, run.frames.size());
        return run;
    }

    /**
     * A picture whose PES packet declares its length goes out at its last byte, with or without
     * message ends: that is no evidence about them.
     */
    @Test
    void aBoundedPictureGoesOutAtItsLastByteAtEverySplit() {
        byte[] stream = concat(PAT, PMT, picture(0, 3, true), picture(1, 2, true));
        int firstEnd = 5 * SIZE;
        for (int cut = 0; cut <= stream.length; cut++) {
            Demux run = new Demux().feed(stream, 0, cut);
            int expected = cut < firstEnd ? 0 : cut < stream.length ? 1 : 2;
            assertEquals(expected, run.frames.size(), "pictures out after " + cut + " bytes");
            run.feed(stream, cut, stream.length);
            assertEquals(2, run.frames.size(), "split at " + cut);
            assertArrayEquals(picture(0, 3, true), run.frames.get(0).packets());
            assertArrayEquals(picture(1, 2, true), run.frames.get(1).packets());
            assertFalse(run.demuxer.midFrame());
        }
        Demux messages = new Demux();
        for (int k = 0; k < 5; k++) {
            messages.message(picture(k, 2, true));
            assertEquals(k + 1, messages.frames.size());
        }
        assertFalse(messages.demuxer.messagesAligned());
    }

    /**
     * A message that ends before a bounded picture's last byte is counter-evidence, seen before
     * anything of the picture goes out; the picture comes out whole at its last byte.
     */
    @Test
    void aBoundedPictureCutAtAPacketBoundaryShowsAtTheCutAndComesOutWhole() {
        Demux run = new Demux().message(concat(PAT, PMT, picture(0, 3, true)));
        for (int k = 1; k <= 3; k++) {
            run.message(picture(k, 2, true));
        }
        assertEquals(4, run.frames.size());
        byte[] cut = picture(4, 3, true);
        run.message(Arrays.copyOf(cut, SIZE));
        assertAll(
                () -> assertEquals(4, run.frames.size(), "nothing of picture 4 went out"),
                () -> assertFalse(run.demuxer.messagesAligned()),
                () -> assertTrue(run.demuxer.messagesUnaligned()),
                () -> assertTrue(run.demuxer.midFrame()));
        run.message(Arrays.copyOfRange(cut, SIZE, cut.length));
        assertArrayEquals(cut, run.frames.get(4).packets(), "picture 4, whole, at its last byte");
        assertEquals(5, run.frames.size());
        assertEquals(0, run.demuxer.droppedFrames());
    }

    @Test
    void packetsWithoutPictureDataLeadTheNextPicturesFrame() {
        byte[] pcr = adaptationOnly(VIDEO_PID);
        Demux run =
                aligned(false)
                        .message(concat(pcr, AUDIO, PAT))
                        .message(concat(PMT, picture(4, 2, false)));
        assertAll(
                () -> assertEquals(5, run.frames.size()),
                () ->
                        assertArrayEquals(
                                concat(pcr, AUDIO, PAT, PMT, picture(4, 2, false)),
                                run.frames.get(4).packets()),
                () ->
                        assertTrue(
                                run.demuxer.messagesAligned(),
                                "a PCR, audio and tables prove nothing either way"),
                () -> assertFalse(run.demuxer.messagesUnaligned()),
                () -> assertFalse(run.demuxer.midFrame()));
    }

    @Test
    void aLeadInItsOwnMessageIsBufferedUntilThePictureBegins() {
        Demux run = aligned(false).message(AUDIO);
        assertEquals(4, run.frames.size());
        assertTrue(run.demuxer.midFrame(), "the audio packet waits for the next picture");
    }

    @Test
    void pictureDataAfterALeadDropsTheLeadWithTheRestOfTheCutPicture() {
        Demux run =
                aligned(false)
                        .message(AUDIO)
                        .message(concat(videoContinued((byte) 3, (byte) 2), AUDIO));
        assertAll(
                () -> assertEquals(4, run.frames.size()),
                () -> assertEquals(1, run.demuxer.droppedFrames()),
                () -> assertTrue(run.demuxer.messagesUnaligned()),
                () ->
                        assertFalse(
                                run.demuxer.midFrame(),
                                "passing over packets until the next picture begins"));
        run.message(picture(4, 2, false)).message(picture(5, 1, false));
        assertArrayEquals(
                picture(4, 2, false),
                run.frames.get(4).packets(),
                "then as a raw stream: out when picture 5 begins");
        assertEquals(5, run.frames.size());
    }

    /**
     * A packet's worth of garbage before a packet would pass the check of the sync byte after it:
     * the message end decides.
     */
    @Test
    void aMessageThatDoesNotBeginWithASyncByteIsGarbageAndEndsTheTrust() {
        byte[] garbage = new byte[SIZE];
        Arrays.fill(garbage, (byte) 1);
        Demux run =
                aligned(false).message(concat(garbage, picture(4, 2, false), picture(5, 1, false)));
        assertAll(
                () -> assertEquals(SIZE, run.demuxer.garbageBytes()),
                () -> assertTrue(run.demuxer.messagesUnaligned()),
                () -> assertFalse(run.demuxer.messagesAligned()),
                () -> assertArrayEquals(picture(4, 2, false), run.frames.get(4).packets()),
                () ->
                        assertEquals(
                                5,
                                run.frames.size(),
                                "picture 5 waits for the next one: the stream is raw now"));
    }

    @Test
    void anEmptyMessageMarksNothing() {
        Demux run = aligned(false).message(new byte[0]).message(picture(4, 1, false));
        assertEquals(5, run.frames.size());
        assertFalse(run.demuxer.messagesUnaligned());
    }

    @Test
    void aMessageBeginningWithPictureDataBeforeAlignmentEndsTheLearning() {
        byte[] first = picture(1, 3, false);
        Demux run =
                new Demux()
                        .message(concat(PAT, PMT, picture(0, 2, false)))
                        .message(Arrays.copyOf(first, SIZE))
                        .message(Arrays.copyOfRange(first, SIZE, first.length));
        for (int k = 2; k < 8; k++) {
            run.message(picture(k, 2, false));
        }
        assertAll(
                () -> assertFalse(run.demuxer.messagesAligned()),
                () -> assertTrue(run.demuxer.messagesUnaligned()),
                () -> assertEquals(7, run.frames.size(), "each picture out when the next begins"),
                () -> assertArrayEquals(first, run.frames.get(1).packets()));
    }

    /**
     * Messages of two packets each, and pictures of one packet: every message ends where a picture
     * ends, by chance. Holding two pictures each, they are no evidence, so the larger picture that
     * comes later is not cut at a message end: it comes out whole, as from a raw stream.
     */
    @Test
    void chunksThatEndAfterPicturesByChanceAreNoEvidence() {
        List<byte[]> parts = new ArrayList<>(List.of(PAT, PMT));
        for (int k = 0; k < 8; k++) {
            parts.add(picture(k, 1, false));
        }
        parts.add(picture(8, 3, false));
        for (int k = 9; k < 12; k++) {
            parts.add(picture(k, 1, false));
        }
        byte[] stream = concat(parts.toArray(byte[][]::new));
        Demux run = new Demux();
        for (int at = 0; at < stream.length; at += 2 * SIZE) {
            run.message(stream, at, at + 2 * SIZE);
        }
        Demux.assertSameFrames(new Demux().feed(stream).frames, run.frames, "as from a raw stream");
        assertArrayEquals(picture(8, 3, false), run.frames.get(8).packets());
        assertTrue(run.demuxer.messagesUnaligned(), "the larger picture's second message shows it");
    }
}

package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.Packets.SIZE;
import static dev.camrelay.media.ts.Packets.VIDEO_PID;
import static dev.camrelay.media.ts.Packets.adaptationOnly;
import static dev.camrelay.media.ts.Packets.concat;
import static dev.camrelay.media.ts.Packets.packet;
import static dev.camrelay.media.ts.Packets.pat;
import static dev.camrelay.media.ts.Packets.pesStart;
import static dev.camrelay.media.ts.Packets.picture;
import static dev.camrelay.media.ts.Packets.pmt;
import static dev.camrelay.media.ts.Packets.videoContinued;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which frames are keyframes, and the PAT and PMT copies in front of them, on synthetic packets.
 */
class TsKeyframeTest {
    private static final byte[] PAT = pat(0, 1, 0x1000);
    private static final byte[] PMT = pmt(0x1000, 0);
    private static final byte[] KEY = picture(true);
    private static final byte[] P = picture(false);

    /**
     * The frames of {@code packets}: the first packet of a P picture fed after them completes the
     * last.
     */
    private static List<Demux.Out> frames(byte[]... packets) {
        return new Demux().feed(concat(packets)).feed(P).frames;
    }

    @ParameterizedTest(name = "{0} bytes in the first packet")
    @ValueSource(ints = {1, 2, 3})
    void aSequenceHeaderCodeMayEndInTheNextPacket(int inFirst) {
        byte[] code = {0, 0, 1, (byte) 0xB3};
        byte[] first = pesStart(0, Arrays.copyOf(code, inFirst));
        byte[] second = videoContinued(Arrays.copyOfRange(code, inFirst, 4));
        List<Demux.Out> out = frames(PAT, PMT, first, second);
        assertEquals(1, out.size());
        assertTrue(out.get(0).keyframe());
        assertArrayEquals(concat(PAT, PMT, first, second), out.get(0).packets());
    }

    @Test
    void aPacketWithoutPayloadInBetweenDoesNotEndTheSearch() {
        byte[] first = pesStart(0, new byte[] {0, 0});
        List<Demux.Out> out =
                frames(
                        PAT,
                        PMT,
                        first,
                        adaptationOnly(VIDEO_PID),
                        videoContinued((byte) 1, (byte) 0xB3));
        assertTrue(out.get(0).keyframe());
    }

    @Test
    void onlyTheNextPacketOfTheVideoPidCanEndTheCode() {
        byte[] first = pesStart(0, new byte[] {0, 0, 1});
        assertFalse(
                frames(PAT, PMT, first, videoContinued((byte) 0, (byte) 0, (byte) 1, (byte) 0xB3))
                        .get(0)
                        .keyframe(),
                "a picture start code was split, and a sequence header follows it");
        // B3 at the start of another PID's payload does not count
        byte[] other = packet(0x101, false, 0, new byte[] {(byte) 0xB3});
        assertFalse(frames(PAT, PMT, first, other, videoContinued((byte) 0)).get(0).keyframe());
    }

    @Test
    void aSequenceHeaderAfterOtherCodesInTheFirstPacketCounts() {
        byte[] es = {
            0, 0, 1, (byte) 0xB7, 0, 0, 1, (byte) 0xB3, 0x0A, 0x00, 0x78
        }; // sequence end, then a new sequence
        assertTrue(frames(PAT, PMT, pesStart(5, es)).get(0).keyframe());
    }

    @Test
    void aSequenceHeaderThatBeginsOnlyInTheSecondPacketIsNotLookedFor() {
        // the PES header fills the first packet: documented as not a keyframe
        byte[] first = pesStart(Packets.SIZE - 4 - 9, new byte[0]);
        assertFalse(
                frames(PAT, PMT, first, videoContinued((byte) 0, (byte) 0, (byte) 1, (byte) 0xB3))
                        .get(0)
                        .keyframe());
    }

    @Test
    void aPesHeaderWithoutMarkerBitsBeginsAFrameThatIsNoKeyframe() {
        byte[] odd = KEY.clone();
        odd[odd.length - 40 - 9 + 6] = 0x0F; // '00' where '10' belongs
        List<Demux.Out> out = frames(PAT, PMT, odd, KEY);
        assertEquals(List.of(false, true), out.stream().map(Demux.Out::keyframe).toList());
    }

    @Test
    void keyframesGetTheLatestPatAndPmtCopiedAsTheyCame() {
        byte[] pat1 = pat(1, 1, 0x1000);
        byte[] pmt1 = pmt(0x1000, 1);
        List<Demux.Out> out = frames(PAT, PMT, KEY, P, pat1, pmt1, P, KEY);
        // three stuffed packets, each followed by a picture: the P after the file ends at its own
        assertEquals(
                List.of(true, false, false, true, false),
                out.stream().map(Demux.Out::keyframe).toList());
        assertArrayEquals(concat(PAT, PMT, KEY), out.get(0).packets());
        assertArrayEquals(
                concat(P, pat1, pmt1),
                out.get(1).packets(),
                "tables between pictures go with the frame before");
        assertArrayEquals(concat(pat1, pmt1, KEY), out.get(3).packets());
    }

    @Test
    void theTablesAreThoseKnownWhenTheKeyframeBegan() {
        byte[] pat1 = pat(1, 1, 0x1000);
        List<Demux.Out> out = frames(PAT, PMT, KEY, pat1);
        assertArrayEquals(concat(PAT, PMT, KEY, pat1), out.get(0).packets());
    }

    @Test
    void everyProgramsPmtComesInTheOrderOfThePat() {
        byte[] twoPrograms = pat(0, 0, 0x0010, 2, 0x1100, 1, 0x1000);
        byte[] pmt2 = pmt(0x1100, 0);
        byte[] nit =
                packet(
                        0x0010,
                        true,
                        0,
                        new byte[] {0, 0x40, (byte) 0xF0, 0x05, 0, 1, (byte) 0xC1, 0, 0});
        List<Demux.Out> out = frames(twoPrograms, PMT, nit, pmt2, KEY);
        assertArrayEquals(concat(twoPrograms, pmt2, PMT, KEY), out.get(0).packets());
    }

    @Test
    void aNewPatForgetsThePmtsItNoLongerLists() {
        byte[] moved = pat(1, 1, 0x1200);
        byte[] pmtMoved = pmt(0x1200, 0);
        List<Demux.Out> out = frames(PAT, PMT, KEY, moved, KEY, pmtMoved, KEY, PMT, KEY);
        assertArrayEquals(
                concat(moved, KEY, pmtMoved),
                out.get(1).packets(),
                "the old PMT is gone, the new one not seen yet");
        assertArrayEquals(
                concat(moved, pmtMoved, KEY, PMT),
                out.get(2).packets(),
                "the old PMT's PID is no PMT any more");
        assertArrayEquals(concat(moved, pmtMoved, KEY), out.get(3).packets());
    }

    @Test
    void aPmtBeforeThePatAndTablesThatDoNotFitAPacketAreNotKept() {
        byte[] tooLong = PAT.clone();
        tooLong[7] = (byte) 0xF0; // section_length 240: it would go on in the next packet
        List<Demux.Out> out = frames(PMT, tooLong, KEY, PAT, KEY, PMT, KEY);
        assertArrayEquals(
                concat(KEY, PAT), out.get(0).packets(), "a keyframe with no tables known yet");
        assertTrue(out.get(0).keyframe());
        assertArrayEquals(concat(PAT, KEY, PMT), out.get(1).packets());
        assertArrayEquals(concat(PAT, PMT, KEY), out.get(2).packets());
    }

    @Test
    void theCopiesCountTowardsTheLimit() {
        Demux run =
                new Demux(3 * SIZE)
                        .feed(concat(PAT, PMT, P, videoContinued(), KEY, videoContinued(), P, P));
        assertEquals(List.of(false, false), run.frames.stream().map(Demux.Out::keyframe).toList());
        assertEquals(
                2 * SIZE, run.frames.get(0).packets().length, "a P picture of two packets fits");
        assertEquals(
                1,
                run.demuxer.droppedFrames(),
                "a keyframe of two packets and two copies does not");
    }

    @Test
    void audioAndOtherPesPacketsDoNotEndAFrame() {
        byte[] audio =
                packet(0x101, true, 0, new byte[] {0, 0, 1, (byte) 0xC0, 0, 0, (byte) 0x80, 0, 0});
        byte[] privateStream =
                packet(0x102, true, 0, new byte[] {0, 0, 1, (byte) 0xBD, 0, 0, (byte) 0x80, 0, 0});
        List<Demux.Out> out = frames(PAT, PMT, KEY, audio, privateStream, P);
        assertArrayEquals(concat(PAT, PMT, KEY, audio, privateStream), out.get(0).packets());
        assertEquals(2, out.size());
    }
}

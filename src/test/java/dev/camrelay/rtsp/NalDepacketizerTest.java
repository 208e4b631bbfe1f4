package dev.camrelay.rtsp;

import static dev.camrelay.rtsp.RtpPackets.annexB;
import static dev.camrelay.rtsp.RtpPackets.fuA;
import static dev.camrelay.rtsp.RtpPackets.nal;
import static dev.camrelay.rtsp.RtpPackets.packet;
import static dev.camrelay.rtsp.RtpPackets.stapA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.h264.AccessUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NalDepacketizerTest {
    private static final byte[] SPS = nal(7, 12);
    private static final byte[] PPS = nal(8, 5);
    private static final byte[] IDR = nal(5, 300);
    private static final byte[] P1 = nal(1, 90);
    private static final byte[] P2 = nal(1, 70);
    private static final String SPROP =
            Base64.getEncoder().encodeToString(SPS) + "," + Base64.getEncoder().encodeToString(PPS);

    private final List<AccessUnit> out = new ArrayList<>();
    private final NalDepacketizer depacketizer = NalDepacketizer.h264(SPROP, 1 << 20);

    @Test
    void singleNalUnitsEndAtTheMarkerAndIdrGetsSdpParameterSets() {
        depacketizer.accept(packet(1, 1000, true, IDR), out::add);
        assertEquals(1, out.size(), "the picture goes out with its last packet");
        assertTrue(out.get(0).idr());
        assertArrayEquals(annexB(SPS, PPS, IDR), out.get(0).annexB());
        assertEquals(3, out.get(0).nalCount());
        depacketizer.accept(packet(2, 4000, true, P1), out::add);
        assertArrayEquals(annexB(P1), out.get(1).annexB());
        assertFalse(out.get(1).idr());
    }

    @Test
    void stapACarriesParameterSetsAndNoneAreAddedTwice() {
        depacketizer.accept(packet(1, 1000, false, stapA(SPS, PPS)), out::add);
        depacketizer.accept(packet(2, 1000, true, IDR), out::add);
        assertEquals(1, out.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), out.get(0).annexB());
    }

    @Test
    void fuAReassemblesAtEverySplit() {
        for (int split = 2; split < IDR.length; split++) {
            List<AccessUnit> units = new ArrayList<>();
            NalDepacketizer fresh = NalDepacketizer.h264("", 1 << 20);
            fresh.accept(packet(1, 1000, false, fuA(IDR, 1, split)), units::add);
            assertTrue(units.isEmpty(), "nothing before the last fragment");
            fresh.accept(packet(2, 1000, true, fuA(IDR, split, IDR.length)), units::add);
            assertEquals(1, units.size(), "split at " + split);
            assertArrayEquals(annexB(IDR), units.get(0).annexB(), "split at " + split);
        }
    }

    @Test
    void fuAInThreeFragmentsThenSlicesOfTheNextPicture() {
        depacketizer.accept(packet(10, 1000, false, fuA(IDR, 1, 100)), out::add);
        depacketizer.accept(packet(11, 1000, false, fuA(IDR, 100, 200)), out::add);
        depacketizer.accept(packet(12, 1000, true, fuA(IDR, 200, IDR.length)), out::add);
        depacketizer.accept(packet(13, 4000, false, P1), out::add);
        depacketizer.accept(packet(14, 4000, true, P2), out::add);
        assertEquals(2, out.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), out.get(0).annexB());
        assertArrayEquals(annexB(P1, P2), out.get(1).annexB(), "two slices make one picture");
    }

    @Test
    void parameterSetsBetweenSlicesOfAPictureAreLeftOut() {
        byte[] newerPps = nal(8, 6);
        depacketizer.accept(packet(1, 1000, false, stapA(SPS, PPS)), out::add);
        depacketizer.accept(packet(2, 1000, false, IDR), out::add);
        depacketizer.accept(packet(3, 1000, false, stapA(SPS, newerPps)), out::add);
        depacketizer.accept(packet(4, 1000, true, IDR), out::add);
        depacketizer.accept(packet(5, 4000, true, IDR), out::add);
        assertArrayEquals(annexB(SPS, PPS, IDR, IDR), out.get(0).annexB());
        assertArrayEquals(annexB(SPS, newerPps, IDR), out.get(1).annexB(), "but remembered");
    }

    @Test
    void aNewTimestampEndsAUnitWhoseMarkerWasLost() {
        depacketizer.accept(packet(1, 1000, false, IDR), out::add);
        depacketizer.accept(packet(2, 4000, true, P1), out::add);
        assertEquals(2, out.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), out.get(0).annexB());
    }

    @Test
    void aGapDropsEverythingUntilTheNextIdr() {
        depacketizer.accept(packet(1, 1000, true, IDR), out::add);
        depacketizer.accept(packet(3, 4000, true, P1), out::add);
        depacketizer.accept(packet(4, 7000, true, P2), out::add);
        depacketizer.accept(packet(5, 9000, true, IDR), out::add);
        assertEquals(2, out.size());
        assertTrue(out.get(1).idr());
        assertEquals(1, depacketizer.gaps());
        assertEquals(2, depacketizer.droppedUnits());
    }

    @Test
    void aLostFragmentNeverYieldsAPartialIdr() {
        depacketizer.accept(packet(1, 1000, false, fuA(IDR, 1, 100)), out::add);
        depacketizer.accept(packet(3, 1000, true, fuA(IDR, 200, IDR.length)), out::add);
        depacketizer.accept(packet(4, 4000, true, P1), out::add);
        assertTrue(out.isEmpty());
        assertEquals(1, depacketizer.gaps());
    }

    @Test
    void theFirstUnitAfterAGapIsDroppedEvenWhenItLooksWhole() {
        // two slices of one IDR; the packet of the first slice is lost
        depacketizer.accept(packet(1, 1000, true, P1), out::add);
        depacketizer.accept(packet(3, 4000, true, IDR), out::add);
        assertTrue(out.isEmpty(), "the lost packet may have held the IDR's first slice");
        depacketizer.accept(packet(4, 7000, true, IDR), out::add);
        assertEquals(1, out.size());
    }

    @Test
    void malformedPacketsAreCountedAndBounded() {
        depacketizer.accept(packet(1, 1000, true, new byte[] {0x78, 0x00, 0x09, 0x65}), out::add);
        depacketizer.accept(packet(2, 2000, true, new byte[] {(byte) 0x9D}), out::add);
        depacketizer.accept(packet(3, 3000, true, fuA(IDR, 50, 60)), out::add);
        NalDepacketizer small = NalDepacketizer.h264("", 100);
        small.accept(packet(1, 1000, true, IDR), out::add);
        assertTrue(out.isEmpty());
        assertEquals(3, depacketizer.malformed());
        assertEquals(1, small.malformed());
    }

    @Test
    void predictedPicturesBeforeTheFirstIdrAreNotSent() {
        depacketizer.accept(packet(1, 1000, true, P1), out::add);
        depacketizer.accept(packet(2, 2000, true, IDR), out::add);
        assertEquals(1, out.size());
        assertTrue(out.get(0).idr());
        assertEquals(0, depacketizer.gaps());
    }

    @Test
    void sequenceNumbersWrapAround() {
        depacketizer.accept(packet(65535, 1000, true, IDR), out::add);
        depacketizer.accept(packet(0, 4000, true, P1), out::add);
        assertEquals(2, out.size());
        assertEquals(0, depacketizer.gaps());
    }
}

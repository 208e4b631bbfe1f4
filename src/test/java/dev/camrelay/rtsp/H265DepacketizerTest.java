package dev.camrelay.rtsp;

import static dev.camrelay.rtsp.RtpPackets.annexB;
import static dev.camrelay.rtsp.RtpPackets.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.h264.AccessUnit;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7798 payloads: single NAL unit, aggregation (AP) and fragmentation (FU) packets. */
class H265DepacketizerTest {
    private static final byte[] VPS = nal(32, 20);
    private static final byte[] SPS = nal(33, 30);
    private static final byte[] PPS = nal(34, 8);
    private static final byte[] IDR = nal(19, 400);
    private static final byte[] CRA = nal(21, 300);
    private static final byte[] TRAIL = nal(1, 120);

    private final List<AccessUnit> out = new ArrayList<>();
    private final NalDepacketizer depacketizer =
            NalDepacketizer.h265(b64(VPS), b64(SPS), b64(PPS), 1 << 20);

    @Test
    void singleNalUnitsAndSdpParameterSetsBeforeAKeyframe() {
        depacketizer.accept(packet(1, 1000, true, IDR), out::add);
        depacketizer.accept(packet(2, 4000, true, TRAIL), out::add);
        depacketizer.accept(packet(3, 7000, true, CRA), out::add);
        assertArrayEquals(annexB(VPS, SPS, PPS, IDR), out.get(0).annexB());
        assertTrue(out.get(0).idr());
        assertArrayEquals(annexB(TRAIL), out.get(1).annexB());
        assertFalse(out.get(1).idr());
        assertTrue(out.get(2).idr(), "a CRA is a keyframe too");
    }

    @Test
    void aggregationPacketCarriesTheParameterSets() {
        depacketizer.accept(packet(1, 1000, false, ap(VPS, SPS, PPS)), out::add);
        depacketizer.accept(packet(2, 1000, true, IDR), out::add);
        assertEquals(1, out.size());
        assertArrayEquals(annexB(VPS, SPS, PPS, IDR), out.get(0).annexB());
    }

    @Test
    void fragmentationUnitsReassembleAtEverySplit() {
        for (int split = 3; split < IDR.length; split++) {
            List<AccessUnit> units = new ArrayList<>();
            NalDepacketizer fresh = NalDepacketizer.h265("", "", "", 1 << 20);
            fresh.accept(packet(1, 1000, false, fu(IDR, 2, split)), units::add);
            fresh.accept(packet(2, 1000, true, fu(IDR, split, IDR.length)), units::add);
            assertEquals(1, units.size(), "split at " + split);
            assertArrayEquals(annexB(IDR), units.get(0).annexB(), "split at " + split);
        }
    }

    @Test
    void aLostFragmentDropsToTheNextKeyframe() {
        depacketizer.accept(packet(1, 1000, false, fu(IDR, 2, 100)), out::add);
        depacketizer.accept(packet(3, 1000, true, fu(IDR, 200, IDR.length)), out::add);
        depacketizer.accept(packet(4, 4000, true, TRAIL), out::add);
        assertTrue(out.isEmpty());
        depacketizer.accept(packet(5, 7000, true, CRA), out::add);
        assertEquals(1, out.size());
        assertEquals(1, depacketizer.gaps());
    }

    @Test
    void paciAndBrokenAggregatesAreMalformed() {
        depacketizer.accept(
                packet(1, 1000, true, new byte[] {(byte) (50 << 1), 1, 0, 0}), out::add);
        depacketizer.accept(
                packet(2, 2000, true, new byte[] {(byte) (48 << 1), 1, 0, 9, 1}), out::add);
        depacketizer.accept(packet(3, 3000, true, new byte[] {(byte) (19 << 1)}), out::add);
        assertTrue(out.isEmpty());
        assertEquals(3, depacketizer.malformed());
    }

    /** An H.265 NAL unit: a 2-byte header (type, layer 0, temporal id 1) and filler. */
    private static byte[] nal(int type, int size) {
        byte[] nal = new byte[size];
        nal[0] = (byte) (type << 1);
        nal[1] = 1;
        for (int i = 2; i < size; i++) {
            nal[i] = (byte) (i * 5 + type);
        }
        return nal;
    }

    private static byte[] ap(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(48 << 1);
        out.write(1);
        for (byte[] nal : nals) {
            out.write(nal.length >> 8);
            out.write(nal.length & 0xFF);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** FU payload carrying {@code nal[from, to)}, from ≥ 2. */
    private static byte[] fu(byte[] nal, int from, int to) {
        int type = (nal[0] >> 1) & 0x3F;
        byte[] payload = new byte[3 + to - from];
        payload[0] = (byte) ((nal[0] & 0x81) | (49 << 1));
        payload[1] = nal[1];
        payload[2] = (byte) ((from == 2 ? 0x80 : 0) | (to == nal.length ? 0x40 : 0) | type);
        System.arraycopy(nal, from, payload, 3, to - from);
        return payload;
    }

    private static String b64(byte[] nal) {
        return Base64.getEncoder().encodeToString(nal);
    }
}

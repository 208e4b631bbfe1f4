package dev.camrelay.rtsp;

import static dev.camrelay.rtsp.RtpPackets.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 3640 AAC-hbr: 13-bit sizes, 3-bit index and index delta. */
class AacDepacketizerTest {
    private static final byte[] FRAME1 = filler(200, 1);
    private static final byte[] FRAME2 = filler(180, 2);

    private final List<AacDepacketizer.AacFrame> out = new ArrayList<>();
    private final AacDepacketizer depacketizer =
            AacDepacketizer.of(
                    new SdpMedia(
                            "audio",
                            97,
                            "mpeg4-generic",
                            48000,
                            Map.of(
                                    "mode",
                                    "AAC-hbr",
                                    "sizelength",
                                    "13",
                                    "indexlength",
                                    "3",
                                    "indexdeltalength",
                                    "3"),
                            "stream=1"),
                    8192);

    @Test
    void severalFramesInOnePacketGetConsecutiveTimestamps() {
        depacketizer.accept(
                packet(
                        1,
                        5000,
                        true,
                        hbr(new int[] {FRAME1.length, FRAME2.length}, FRAME1, FRAME2)),
                out::add);
        assertEquals(2, out.size());
        assertArrayEquals(FRAME1, out.get(0).data());
        assertArrayEquals(FRAME2, out.get(1).data());
        assertEquals(5000, out.get(0).timestamp());
        assertEquals(6024, out.get(1).timestamp());
    }

    @Test
    void aFrameFragmentedAcrossPacketsAtEverySplit() {
        for (int split = 1; split < FRAME1.length; split++) {
            List<AacDepacketizer.AacFrame> frames = new ArrayList<>();
            AacDepacketizer fresh = new AacDepacketizer(13, 3, 3, 8192);
            fresh.accept(
                    packet(1, 7000, false, hbr(new int[] {FRAME1.length}, slice(FRAME1, 0, split))),
                    frames::add);
            assertTrue(frames.isEmpty(), "split " + split);
            fresh.accept(
                    packet(
                            2,
                            7000,
                            true,
                            hbr(new int[] {FRAME1.length}, slice(FRAME1, split, FRAME1.length))),
                    frames::add);
            assertEquals(1, frames.size(), "split " + split);
            assertArrayEquals(FRAME1, frames.get(0).data(), "split " + split);
        }
    }

    @Test
    void aGapDropsTheFrameBeingReassembledAndBadHeadersAreCounted() {
        depacketizer.accept(
                packet(1, 7000, false, hbr(new int[] {FRAME1.length}, slice(FRAME1, 0, 50))),
                out::add);
        depacketizer.accept(
                packet(
                        3,
                        7000,
                        true,
                        hbr(new int[] {FRAME1.length}, slice(FRAME1, 100, FRAME1.length))),
                out::add);
        assertTrue(out.isEmpty());
        assertEquals(1, depacketizer.gaps());
        depacketizer.accept(packet(4, 9000, true, new byte[] {0x7F, (byte) 0xFF, 1}), out::add);
        depacketizer.accept(
                packet(5, 9000, true, hbr(new int[] {FRAME1.length, 90}, FRAME1)), out::add);
        assertEquals(2, depacketizer.malformed());
        assertEquals(1, out.size(), "the whole first frame of the short packet still goes out");
        depacketizer.accept(
                packet(6, 10000, true, hbr(new int[] {FRAME2.length}, FRAME2)), out::add);
        assertArrayEquals(FRAME2, out.get(1).data());
    }

    /** AU-headers-length, 16-bit AU headers (13 size + 3 index bits), then the data. */
    private static byte[] hbr(int[] sizes, byte[]... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bits = 16 * sizes.length;
        out.write(bits >> 8);
        out.write(bits & 0xFF);
        for (int size : sizes) {
            int header = size << 3;
            out.write(header >> 8);
            out.write(header & 0xFF);
        }
        for (byte[] d : data) {
            out.writeBytes(d);
        }
        return out.toByteArray();
    }

    private static byte[] filler(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * seed + 3);
        }
        return b;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] s = new byte[to - from];
        System.arraycopy(b, from, s, 0, s.length);
        return s;
    }
}

package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReceiverReportsTest {
    @Test
    void reportsHighestSequenceAcrossTheWrapAndLoss() {
        ReceiverReports reports = new ReceiverReports(0x11223344);
        assertEquals(0, reports.report(0).length, "nothing to report before the first packet");
        for (int seq : new int[] {65533, 65534, 65535, 1, 2}) {
            reports.received(RtpPackets.packet(seq, 0, false, new byte[] {1}));
        }
        // a sender report: NTP seconds 0x01020304, fraction 0x05060708; LSR is the middle 32 bits
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        ByteBuffer.wrap(sr).putInt(8, 0x01020304).putInt(12, 0x05060708);
        reports.rtcp(sr, 1_000_000_000L);
        ByteBuffer rr = ByteBuffer.wrap(reports.report(1_500_000_000L));
        assertEquals(32, rr.capacity());
        assertEquals(0x81, rr.get(0) & 0xFF);
        assertEquals(201, rr.get(1) & 0xFF);
        assertEquals(7, rr.getShort(2));
        assertEquals(0x11223344, rr.getInt(4));
        assertEquals(7, rr.getInt(8), "the camera's SSRC");
        assertEquals(256 / 6, (rr.getInt(12) >>> 24), "one of six expected packets lost");
        assertEquals(1, rr.getInt(12) & 0xFFFFFF, "cumulative lost");
        assertEquals(0x10002, rr.getInt(16), "one wrap, then sequence 2");
        assertEquals(0x03040506, rr.getInt(24), "LSR");
        assertEquals(32768, rr.getInt(28), "DLSR: half a second in 1/65536 s");
    }
}

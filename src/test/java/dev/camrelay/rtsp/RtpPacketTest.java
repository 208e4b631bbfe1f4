package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpPacketTest {
    @Test
    void readsTheFixedHeader() {
        RtpPacket p = RtpPackets.packet(0xBEEF, 0xFEDCBA98L, true, new byte[] {0x41, 2, 3});
        assertEquals(96, p.payloadType());
        assertTrue(p.marker());
        assertEquals(0xBEEF, p.sequence());
        assertEquals(0xFEDCBA98L, p.timestamp());
        assertEquals(7, p.ssrc());
        assertEquals(12, p.payloadOffset());
        assertEquals(3, p.payloadLength());
        assertEquals(0x41, p.payloadByte(0));
    }

    @Test
    void skipsCsrcsAndExtensionAndPadding() {
        // V=2 P=1 X=1 CC=1; one CSRC; extension of one word; payload AA BB; 2 bytes of padding
        byte[] data = {
            (byte) 0xB1,
            96,
            0,
            1,
            0,
            0,
            0,
            9,
            0,
            0,
            0,
            7,
            1,
            2,
            3,
            4,
            (byte) 0xBE,
            (byte) 0xDE,
            0,
            1,
            9,
            9,
            9,
            9,
            (byte) 0xAA,
            (byte) 0xBB,
            0,
            2
        };
        RtpPacket p = RtpPacket.parse(data, 0, data.length).orElseThrow();
        assertEquals(24, p.payloadOffset());
        assertEquals(2, p.payloadLength());
        assertEquals(0xAA, p.payloadByte(0));
    }

    @Test
    void rejectsWhatIsNotRtp() {
        byte[] twelve = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        assertTrue(RtpPacket.parse(twelve, 0, 11).isEmpty(), "short");
        assertTrue(
                RtpPacket.parse(new byte[] {0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 12)
                        .isEmpty(),
                "version 1");
        byte[] csrcs = {(byte) 0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
        assertTrue(RtpPacket.parse(csrcs, 0, csrcs.length).isEmpty(), "CSRCs past the end");
        byte[] extension = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
        assertTrue(
                RtpPacket.parse(extension, 0, extension.length).isEmpty(),
                "extension past the end");
        byte[] padding = {(byte) 0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 50};
        assertTrue(
                RtpPacket.parse(padding, 0, padding.length).isEmpty(),
                "padding longer than the payload");
        assertTrue(RtpPacket.parse(twelve, 0, 12).isPresent(), "an empty payload is still RTP");
    }
}

package dev.camrelay.rtsp;

import java.util.Optional;

/**
 * One RTP packet (RFC 3550 section 5.1): the header fields a depacketizer needs and where the
 * payload lies in {@code data}. {@code data} is the interleaved frame it came in and is not copied.
 */
public record RtpPacket(
        int payloadType,
        boolean marker,
        int sequence,
        long timestamp,
        long ssrc,
        byte[] data,
        int payloadOffset,
        int payloadLength) {
    private static final int FIXED_HEADER = 12;

    /**
     * Parses {@code data[off, off + len)}; empty when it is not a well-formed RTP version 2 packet.
     */
    public static Optional<RtpPacket> parse(byte[] data, int off, int len) {
        if (len < FIXED_HEADER || (data[off] & 0xC0) != 0x80) {
            return Optional.empty();
        }
        int csrcCount = data[off] & 0x0F;
        int header = FIXED_HEADER + 4 * csrcCount;
        if ((data[off] & 0x10) != 0) {
            if (len < header + 4) {
                return Optional.empty();
            }
            header += 4 + 4 * u16(data, off + header + 2);
        }
        int padding = (data[off] & 0x20) != 0 && len > 0 ? data[off + len - 1] & 0xFF : 0;
        int payloadLength = len - header - padding;
        if (header > len || payloadLength < 0) {
            return Optional.empty();
        }
        return Optional.of(
                new RtpPacket(
                        data[off + 1] & 0x7F,
                        (data[off + 1] & 0x80) != 0,
                        u16(data, off + 2),
                        u32(data, off + 4),
                        u32(data, off + 8),
                        data,
                        off + header,
                        payloadLength));
    }

    /** The payload's byte at {@code index} (0 = the first payload byte), unsigned. */
    public int payloadByte(int index) {
        return data[payloadOffset + index] & 0xFF;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}

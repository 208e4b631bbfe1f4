package dev.camrelay.rtsp;

import java.io.ByteArrayOutputStream;

/** Builds RTP packets for the depacketizer tests: a 12-byte header and the given payload. */
final class RtpPackets {
    private RtpPackets() {}

    static RtpPacket packet(int sequence, long timestamp, boolean marker, byte[] payload) {
        byte[] data = new byte[12 + payload.length];
        data[0] = (byte) 0x80;
        data[1] = (byte) ((marker ? 0x80 : 0) | 96);
        data[2] = (byte) (sequence >> 8);
        data[3] = (byte) sequence;
        data[4] = (byte) (timestamp >> 24);
        data[5] = (byte) (timestamp >> 16);
        data[6] = (byte) (timestamp >> 8);
        data[7] = (byte) timestamp;
        data[11] = 7;
        System.arraycopy(payload, 0, data, 12, payload.length);
        return RtpPacket.parse(data, 0, data.length).orElseThrow();
    }

    /** A NAL unit of {@code type} with {@code size} bytes in all, header included. */
    static byte[] nal(int type, int size) {
        byte[] nal = new byte[size];
        nal[0] = (byte) (0x60 | type);
        for (int i = 1; i < size; i++) {
            nal[i] = (byte) (i * 7 + type);
        }
        return nal;
    }

    static byte[] stapA(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        for (byte[] nal : nals) {
            out.write(nal.length >> 8);
            out.write(nal.length & 0xFF);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /**
     * FU-A payload carrying {@code nal[from, to)} (from ≥ 1: the NAL header travels in FU headers).
     */
    static byte[] fuA(byte[] nal, int from, int to) {
        byte[] payload = new byte[2 + to - from];
        payload[0] = (byte) ((nal[0] & 0xE0) | 28);
        payload[1] =
                (byte) ((from == 1 ? 0x80 : 0) | (to == nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
        System.arraycopy(nal, from, payload, 2, to - from);
        return payload;
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }
}

package dev.camrelay.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Builds synthetic TS packets for the cases the fixtures do not show. Sections carry a zero CRC:
 * the demuxer does not check it.
 */
final class Packets {
    static final int VIDEO_PID = 0x100;
    static final int SIZE = TsFixtures.SIZE;

    private Packets() {}

    /**
     * A packet with {@code payload}, padded by an adaptation field of stuffing when it is short.
     */
    static byte[] packet(int pid, boolean unitStart, int cc, byte[] payload) {
        if (payload.length > SIZE - 4) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes");
        }
        byte[] p = new byte[SIZE];
        p[0] = 0x47;
        p[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
        p[2] = (byte) pid;
        int adaptation = SIZE - 4 - payload.length;
        p[3] = (byte) ((adaptation > 0 ? 0x30 : 0x10) | cc & 0x0F);
        if (adaptation > 0) {
            p[4] = (byte) (adaptation - 1);
            for (int i = 6; i < 4 + adaptation; i++) {
                p[i] = (byte) 0xFF; // stuffing after p[5], the flags (0), when there is room for
                // them
            }
        }
        System.arraycopy(payload, 0, p, SIZE - payload.length, payload.length);
        return p;
    }

    /** A packet with an adaptation field and no payload, as one that carries only a PCR. */
    static byte[] adaptationOnly(int pid) {
        byte[] p = new byte[SIZE];
        p[0] = 0x47;
        p[1] = (byte) (pid >> 8);
        p[2] = (byte) pid;
        p[3] = 0x20;
        p[4] = (byte) (SIZE - 5);
        Arrays.fill(p, 6, SIZE, (byte) 0xFF);
        return p;
    }

    /**
     * A PAT in one packet; {@code programs} are pairs of program_number and PID (0 for the NIT).
     */
    static byte[] pat(int cc, int... programs) {
        ByteArrayOutputStream loop = new ByteArrayOutputStream();
        for (int i = 0; i < programs.length; i += 2) {
            loop.writeBytes(
                    new byte[] {
                        (byte) (programs[i] >> 8),
                        (byte) programs[i],
                        (byte) (0xE0 | programs[i + 1] >> 8),
                        (byte) programs[i + 1]
                    });
        }
        return section(0, cc, 0x00, new byte[] {0x00, 0x01}, loop.toByteArray());
    }

    /**
     * A PMT on {@code pid} for one MPEG-1 video stream on {@link #VIDEO_PID}, which also carries
     * the PCR.
     */
    static byte[] pmt(int pid, int cc) {
        byte[] body = {
            (byte) 0xE1, 0x00, (byte) 0xF0, 0x00, 0x01, (byte) 0xE1, 0x00, (byte) 0xF0, 0x00
        };
        return section(pid, cc, 0x02, new byte[] {0x00, 0x01}, body);
    }

    /**
     * A packet that begins a video PES packet: a PES header with {@code headerData} bytes of
     * stuffing in it, then {@code es}.
     */
    static byte[] pesStart(int headerData, byte[] es) {
        byte[] header = new byte[9 + headerData];
        header[2] = 1;
        header[3] = (byte) 0xE0;
        header[6] = (byte) 0x80; // the '10' marker bits, no flags
        header[8] = (byte) headerData;
        Arrays.fill(header, 9, header.length, (byte) 0xFF);
        return packet(VIDEO_PID, true, 0, TsFixtures.concat(List.of(header, es)));
    }

    /** The first packet of a picture: a sequence header (a keyframe) or a picture header first. */
    static byte[] picture(boolean sequenceHeader) {
        byte[] es = new byte[40];
        es[2] = 1;
        es[3] = (byte) (sequenceHeader ? 0xB3 : 0x00);
        return pesStart(0, es);
    }

    /** A packet that goes on with the video PES packet begun earlier. */
    static byte[] videoContinued(byte... payloadStart) {
        return packet(VIDEO_PID, false, 0, Arrays.copyOf(payloadStart, SIZE - 4));
    }

    private static byte[] section(int pid, int cc, int tableId, byte[] idExtension, byte[] body) {
        int length = 5 + body.length + 4;
        byte[] payload = new byte[SIZE - 4];
        Arrays.fill(payload, (byte) 0xFF);
        byte[] head = {
            0,
            (byte) tableId,
            (byte) (0xB0 | length >> 8),
            (byte) length,
            idExtension[0],
            idExtension[1],
            (byte) 0xC1,
            0,
            0
        };
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(body, 0, payload, head.length, body.length);
        Arrays.fill(payload, head.length + body.length, head.length + body.length + 4, (byte) 0);
        return packet(pid, true, cc, payload);
    }

    static byte[] concat(byte[]... parts) {
        return TsFixtures.concat(List.of(parts));
    }
}

package dev.camrelay.media.ts;

/**
 * Reads the fields of one 188-byte transport stream packet (ISO/IEC 13818-1 2.4.3) that the demuxer
 * needs, in place: every method takes the array and the index of the packet's sync byte, and the
 * caller guarantees that all 188 bytes are there.
 */
final class TsPackets {
    static final int SIZE = 188;
    static final byte SYNC = 0x47;
    static final int PAT_PID = 0;

    /**
     * The four bytes of an MPEG-1/2 video sequence header code, as {@link #shiftIn} leaves them.
     */
    static final int SEQUENCE_HEADER_CODE = 0x000001B3;

    /**
     * A register value that no bytes shifted in can complete to a start code in fewer than four.
     */
    static final int NO_BYTES = -1;

    private TsPackets() {}

    static int pid(byte[] p, int off) {
        return (p[off + 1] & 0x1F) << 8 | p[off + 2] & 0xFF;
    }

    /** payload_unit_start_indicator: a PES packet or a PSI section begins in this packet. */
    static boolean unitStart(byte[] p, int off) {
        return (p[off + 1] & 0x40) != 0;
    }

    /**
     * Index of the first payload byte, after any adaptation field; -1 when the packet carries no
     * payload or its adaptation field claims more bytes than the packet has.
     */
    static int payload(byte[] p, int off) {
        int control = p[off + 3] >> 4 & 3;
        if ((control & 1) == 0) {
            return -1;
        }
        int start = off + 4;
        if ((control & 2) != 0) {
            start += 1 + (p[start] & 0xFF);
        }
        return start < off + SIZE ? start : -1;
    }

    /**
     * Whether the packet carries payload after an adaptation field longer than its flags need:
     * stuffing, which a muxer adds to fill a packet that its PES data cannot.
     */
    static boolean stuffed(byte[] p, int off) {
        if ((p[off + 3] >> 4 & 3) != 3) {
            return false;
        }
        int length = p[off + 4] & 0xFF;
        if (length == 0) {
            return true; // a lone length byte: one byte of stuffing
        }
        int end = off + 5 + length;
        if (end >= off + SIZE) {
            return false;
        }
        int flags = p[off + 5];
        int at = off + 6;
        at += (flags & 0x10) != 0 ? 6 : 0; // PCR
        at += (flags & 0x08) != 0 ? 6 : 0; // OPCR
        at += (flags & 0x04) != 0 ? 1 : 0; // splice_countdown
        if ((flags & 0x02) != 0 && at < end) {
            at += 1 + (p[at] & 0xFF); // transport_private_data
        }
        if ((flags & 0x01) != 0 && at < end) {
            at += 1 + (p[at] & 0xFF); // adaptation_field_extension
        }
        return at < end;
    }

    /**
     * Index of the payload of a packet that begins a video PES packet (start code {@code 00 00 01}
     * and stream_id 0xE0-0xEF), or -1 if it begins none.
     */
    static int videoPesStart(byte[] p, int off) {
        if (!unitStart(p, off)) {
            return -1;
        }
        int pes = payload(p, off);
        if (pes < 0 || pes + 4 > off + SIZE) {
            return -1;
        }
        boolean video =
                p[pes] == 0 && p[pes + 1] == 0 && p[pes + 2] == 1 && (p[pes + 3] & 0xF0) == 0xE0;
        return video ? pes : -1;
    }

    /**
     * Index of the first elementary-stream byte after the PES header that starts at {@code pes}, or
     * -1 when that header does not end inside this packet or lacks the marker bits ('10') that
     * every video PES header in a transport stream has.
     */
    static int pesPayload(byte[] p, int off, int pes) {
        int end = off + SIZE;
        if (pes + 9 > end || (p[pes + 6] & 0xC0) != 0x80) {
            return -1;
        }
        int es = pes + 9 + (p[pes + 8] & 0xFF);
        return es <= end ? es : -1;
    }

    /**
     * Shifts {@code p[from, to)} through a 32-bit register holding the last four bytes seen, and
     * stops early with {@link #SEQUENCE_HEADER_CODE} once they are {@code 00 00 01 B3}. The
     * register carries a code split between two packets from one call to the next.
     */
    static int shiftIn(int register, byte[] p, int from, int to) {
        int r = register;
        for (int i = from; i < to; i++) {
            r = r << 8 | p[i] & 0xFF;
            if (r == SEQUENCE_HEADER_CODE) {
                return r;
            }
        }
        return r;
    }
}

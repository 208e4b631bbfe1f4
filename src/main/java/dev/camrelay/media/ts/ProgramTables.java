package dev.camrelay.media.ts;

import java.util.Arrays;

/**
 * The latest PAT packet and the latest packet of each PMT it lists, kept to be put in front of
 * keyframes: a demuxer such as ffmpeg's finds the streams only through them, so a viewer that
 * starts at a keyframe must get them first.
 *
 * <p>A table is taken only from a packet that holds its whole section (the only kind a camera or
 * ffmpeg sends: a PAT or PMT of one program is a few dozen bytes), with current_next_indicator 1.
 * The copies are the packets as they came, continuity counter included: to a viewer that saw the
 * original, the copy that follows it is a duplicate packet, which 13818-1 allows (ffmpeg logs the
 * repeated counter at debug level only, and decodes on). Owned by the demuxer's thread.
 */
final class ProgramTables {
    private static final byte[] NONE = {};
    private static final int PAT_TABLE = 0x00;
    private static final int PMT_TABLE = 0x02;

    /** Section bytes after section_length and before the PAT's program loop; the CRC after it. */
    private static final int SECTION_HEADER = 5;

    private static final int CRC = 4;

    private byte[] pat;

    /** The PMT PIDs of the PAT, in its order, and the latest packet of each (null until seen). */
    private int[] pmtPids = new int[0];

    private byte[][] pmts = new byte[0][];

    /** The PAT, then the PMTs seen, back to back; replaced, never changed, when a table arrives. */
    private byte[] prefix = NONE;

    /** Looks at a packet of the stream and keeps it if it holds the PAT or a PMT. */
    void packet(byte[] p, int off) {
        int pid = TsPackets.pid(p, off);
        if (pid == TsPackets.PAT_PID) {
            int section = section(p, off, PAT_TABLE);
            if (section >= 0) {
                pat(p, off, section);
            }
            return;
        }
        for (int i = 0; i < pmtPids.length; i++) {
            if (pmtPids[i] == pid) {
                if (section(p, off, PMT_TABLE) >= 0) {
                    pmts[i] = Arrays.copyOfRange(p, off, off + TsPackets.SIZE);
                    rebuild();
                }
                return;
            }
        }
    }

    /**
     * Copies of the latest PAT and PMT packets, in that order; empty before any PAT. Never
     * modified.
     */
    byte[] prefix() {
        return prefix;
    }

    private void pat(byte[] p, int off, int section) {
        int end = section + 3 + sectionLength(p, section) - CRC;
        int[] pids = new int[(end - section - 3 - SECTION_HEADER) / 4];
        int count = 0;
        for (int i = section + 3 + SECTION_HEADER; i + 4 <= end; i += 4) {
            boolean networkPid = p[i] == 0 && p[i + 1] == 0; // program_number 0 points to the NIT
            if (!networkPid) {
                pids[count++] = (p[i + 2] & 0x1F) << 8 | p[i + 3] & 0xFF;
            }
        }
        pids = Arrays.copyOf(pids, count);
        if (!Arrays.equals(pids, pmtPids)) {
            // keep what is known of the PMTs still listed, forget the others
            byte[][] kept = new byte[count][];
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < pmtPids.length; j++) {
                    if (pmtPids[j] == pids[i]) {
                        kept[i] = pmts[j];
                    }
                }
            }
            pmtPids = pids;
            pmts = kept;
        }
        pat = Arrays.copyOfRange(p, off, off + TsPackets.SIZE);
        rebuild();
    }

    /** Called only once a PAT is known: PMTs are found through it. */
    private void rebuild() {
        int known = 1;
        for (byte[] pmt : pmts) {
            known += pmt == null ? 0 : 1;
        }
        byte[] all = new byte[known * TsPackets.SIZE];
        System.arraycopy(pat, 0, all, 0, TsPackets.SIZE);
        int at = TsPackets.SIZE;
        for (byte[] pmt : pmts) {
            if (pmt != null) {
                System.arraycopy(pmt, 0, all, at, TsPackets.SIZE);
                at += TsPackets.SIZE;
            }
        }
        prefix = all;
    }

    /**
     * Index of the section with {@code tableId} that starts in this packet and ends in it, or -1.
     * The pointer_field says where it starts; section_syntax_indicator must be set and the section
     * long enough for its header and CRC.
     */
    private static int section(byte[] p, int off, int tableId) {
        if (!TsPackets.unitStart(p, off)) {
            return -1;
        }
        int payload = TsPackets.payload(p, off);
        if (payload < 0) {
            return -1;
        }
        int section = payload + 1 + (p[payload] & 0xFF);
        int end = off + TsPackets.SIZE;
        if (section + 3 + SECTION_HEADER > end
                || (p[section] & 0xFF) != tableId
                || (p[section + 1] & 0x80) == 0) {
            return -1;
        }
        int length = sectionLength(p, section);
        boolean current = (p[section + 5] & 1) != 0;
        return length >= SECTION_HEADER + CRC && section + 3 + length <= end && current
                ? section
                : -1;
    }

    private static int sectionLength(byte[] p, int section) {
        return (p[section + 1] & 0x0F) << 8 | p[section + 2] & 0xFF;
    }
}

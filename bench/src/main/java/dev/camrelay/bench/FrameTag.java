package dev.camrelay.bench;

import java.nio.charset.StandardCharsets;

/**
 * The tag each frame carries: {@code CRB1}, then 16 hex digits of seq and 16 hex digits of the load
 * tool's System.nanoTime at send. Hex, so that an H.264 SEI needs no emulation prevention.
 */
final class FrameTag {

    static final byte[] MAGIC = "CRB1".getBytes(StandardCharsets.US_ASCII);
    static final int TAG_LEN = 4 + 32;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private FrameTag() {}

    static void writeTag(byte[] f, int off, long seq, long nanos) {
        System.arraycopy(MAGIC, 0, f, off, 4);
        hex(f, off + 4, seq);
        hex(f, off + 20, nanos);
    }

    static void hex(byte[] f, int off, long v) {
        for (int i = 15; i >= 0; i--) {
            f[off + i] = HEX[(int) (v & 15)];
            v >>>= 4;
        }
    }

    /** The 16 hex digits at off, or -1 if any is not a lower-case hex digit. */
    static long unhex(byte[] f, int off) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int c = f[off + i];
            int d = c >= 'a' ? c - 'a' + 10 : c - '0';
            if (d < 0 || d > 15) return -1;
            v = (v << 4) | d;
        }
        return v;
    }

    /** Finds the tag in the first bytes of a frame; returns its offset or -1. */
    static int findTag(byte[] b, int len) {
        for (int i = 0; i + TAG_LEN <= len; i++)
            if (b[i] == 'C' && b[i + 1] == 'R' && b[i + 2] == 'B' && b[i + 3] == '1') return i;
        return -1;
    }
}

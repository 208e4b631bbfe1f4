package dev.camrelay.media.mp4;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAL units of one H.264 or H.265 access unit in Annex B form (each after a 3- or 4-byte start
 * code), as offsets into the caller's array. Zero bytes before a start code are trailing_zero_8bits
 * or part of a 4-byte start code and belong to no NAL unit; bytes before the first start code are
 * ignored. Stateless.
 */
final class AnnexB {
    static final int SPS = 7;
    static final int PPS = 8;
    static final int AUD = 9;
    static final int HEVC_VPS = 32;
    static final int HEVC_SPS = 33;
    static final int HEVC_PPS = 34;
    static final int HEVC_AUD = 35;

    /** One NAL unit: {@code length} bytes from {@code offset}, the header byte first. */
    record Nal(int offset, int length, int type) {}

    private AnnexB() {}

    static List<Nal> split(byte[] annexB) {
        return split(annexB, false);
    }

    /** The NAL units, each with its H.265 type if {@code hevc}, else its H.264 type. */
    static List<Nal> split(byte[] annexB, boolean hevc) {
        List<Nal> nals = new ArrayList<>();
        int start = nextPayload(annexB, 0);
        while (start >= 0 && start < annexB.length) {
            int next = nextPayload(annexB, start);
            int end = next < 0 ? annexB.length : next - 3;
            while (end > start && annexB[end - 1] == 0) {
                end--;
            }
            if (end > start) {
                int type = hevc ? (annexB[start] >> 1) & 0x3F : annexB[start] & 0x1F;
                nals.add(new Nal(start, end - start, type));
            }
            start = next;
        }
        return nals;
    }

    /** The offset just after the next {@code 00 00 01} at or after {@code from}, or -1. */
    private static int nextPayload(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if ((b[i + 2] & 0xFF) > 1) {
                i += 2;
            } else if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }
}

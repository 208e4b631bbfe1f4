package dev.camrelay.media.mp4;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAL units of one H.264 access unit in Annex B form (each after a 3- or 4-byte start code), as
 * offsets into the caller's array. Zero bytes before a start code are trailing_zero_8bits or part
 * of a 4-byte start code and belong to no NAL unit; bytes before the first start code are ignored.
 * Stateless.
 */
final class AnnexB {
    static final int SPS = 7;
    static final int PPS = 8;
    static final int AUD = 9;

    /** One NAL unit: {@code length} bytes from {@code offset}, the header byte first. */
    record Nal(int offset, int length, int type) {}

    private AnnexB() {}

    static List<Nal> split(byte[] annexB) {
        List<Nal> nals = new ArrayList<>();
        int start = nextPayload(annexB, 0);
        while (start >= 0 && start < annexB.length) {
            int next = nextPayload(annexB, start);
            int end = next < 0 ? annexB.length : next - 3;
            while (end > start && annexB[end - 1] == 0) {
                end--;
            }
            if (end > start) {
                nals.add(new Nal(start, end - start, annexB[start] & 0x1F));
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

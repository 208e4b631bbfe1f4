package dev.camrelay.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Just enough Annex B parsing to split the test clip into access units and spot IDR frames. */
final class H264 {

    private H264() {}

    /**
     * Whether the first {@code len} bytes of a message hold an IDR slice's NAL header (the tagging
     * SEI and SPS/PPS come before it).
     */
    static boolean hasIdr(byte[] b, int len) {
        for (int i = 0; i + 3 < len; i++)
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1F) == 5) return true;
        return false;
    }

    /**
     * Splits an Annex B stream into access units: a new AU starts at an AUD, at SPS/PPS/SEI after a
     * slice, or at a slice after a slice.
     */
    static List<byte[]> accessUnits(byte[] s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < s.length; i++)
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i > 0 && s[i - 1] == 0 ? i - 1 : i);
                i += 2;
            }
        List<byte[]> aus = new ArrayList<>();
        int auStart = -1;
        boolean sawSlice = false;
        for (int k = 0; k < starts.size(); k++) {
            int st = starts.get(k);
            int hdr = s[st + 2] == 1 ? st + 3 : st + 4;
            int type = s[hdr] & 0x1F;
            boolean slice = type == 1 || type == 5;
            boolean firstMb =
                    slice && (s[hdr + 1] & 0x80) != 0; // first_mb_in_slice == 0 (ue(v) '1')
            boolean boundary =
                    type == 9
                            || ((type == 7 || type == 8 || type == 6) && sawSlice)
                            || (firstMb && sawSlice);
            if (auStart < 0) auStart = st;
            else if (boundary) {
                aus.add(Arrays.copyOfRange(s, auStart, st));
                auStart = st;
                sawSlice = false;
            }
            if (slice) sawSlice = true;
        }
        if (auStart >= 0) aus.add(Arrays.copyOfRange(s, auStart, s.length));
        return aus;
    }
}

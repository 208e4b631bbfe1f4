package dev.camrelay.media.h264;

/**
 * Finds Annex-B start codes ({@code 00 00 01}) in byte arrays, including one split across two
 * inputs.
 */
final class StartCodes {
    private StartCodes() {}

    /**
     * Index of the {@code 01} that completes the first start code in {@code in[from, end)}, or -1.
     * {@code zerosBefore} is the number of zero bytes that came right before {@code from} (at the
     * end of an earlier input), so a start code whose zeros arrived earlier is found too.
     */
    static int find(byte[] in, int from, int end, int zerosBefore) {
        if (from < end && in[from] == 1 && zerosBefore >= 2) {
            return from;
        }
        if (from + 1 < end && in[from + 1] == 1 && in[from] == 0 && zerosBefore >= 1) {
            return from + 1;
        }
        // Looks only at every third byte of NAL payload: a byte other than 00/01 at i rules out a
        // start code ending at i, i+1 or i+2, as each of those needs in[i] to be 01 or 00.
        int i = from + 2;
        while (i < end) {
            byte b = in[i];
            if (b == 0) {
                i++;
            } else if (b == 1 && in[i - 1] == 0 && in[i - 2] == 0) {
                return i;
            } else {
                i += 3;
            }
        }
        return -1;
    }

    /** How many zero bytes {@code in[from, end)} ends with. */
    static int zerosAtEnd(byte[] in, int from, int end) {
        int i = end;
        while (i > from && in[i - 1] == 0) {
            i--;
        }
        return end - i;
    }
}

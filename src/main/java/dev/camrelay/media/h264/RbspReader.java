package dev.camrelay.media.h264;

/**
 * Reads fixed-width fields and Exp-Golomb codes from a NAL unit's payload (its RBSP), with the
 * emulation-prevention bytes removed. Reading past the end, or a code or value out of range, marks
 * the reader failed and yields 0 from then on: a parser reads garbage without a check per field,
 * its loops stay bounded, and it rejects the input once, at the end.
 */
public final class RbspReader {
    private final byte[] rbsp;
    private final int length;
    private int bitPosition;
    private boolean failed;

    /** Reads {@code nal} from {@code from} (the byte after the NAL header) to its end. */
    public RbspReader(byte[] nal, int from) {
        rbsp = new byte[Math.max(0, nal.length - from)];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            byte b = nal[i];
            // 00 00 03 is how an encoder escapes 00 00 0x inside a NAL unit: the 03 is not data
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = b;
        }
        length = n;
    }

    public boolean failed() {
        return failed;
    }

    public int bit() {
        if (failed || bitPosition >= (long) length * 8) {
            failed = true;
            return 0;
        }
        int bit = (rbsp[bitPosition >>> 3] >>> (7 - (bitPosition & 7))) & 1;
        bitPosition++;
        return bit;
    }

    public boolean flag() {
        return bit() == 1;
    }

    /** An unsigned field of {@code n} ≤ 32 bits. */
    public long bits(int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 1) | bit();
        }
        return value;
    }

    /**
     * ue(v): an Exp-Golomb code, at most 2^32 - 2 as the syntax allows no more than 31 leading
     * zeros.
     */
    public long ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (failed || ++zeros > 31) {
                failed = true;
                return 0;
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }

    /** ue(v) that the syntax limits to {@code max}; a larger value marks the reader failed. */
    public int ue(int max) {
        long value = ue();
        if (value > max) {
            failed = true;
        }
        return failed ? 0 : (int) value;
    }

    /** se(v): the signed mapping of ue(v) (1, -1, 2, -2, ...). */
    public long se() {
        long code = ue();
        return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
    }

    /** se(v) that the syntax limits to {@code [min, max]}. */
    public int se(int min, int max) {
        long value = se();
        if (value < min || value > max) {
            failed = true;
        }
        return failed ? 0 : (int) value;
    }
}

package dev.camrelay.media.h264;

import java.io.ByteArrayOutputStream;

/** Writes bit fields and Exp-Golomb codes, most significant bit first. */
final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;

    BitWriter u(int n, long value) {
        for (int i = n - 1; i >= 0; i--) {
            current = (current << 1) | (int) ((value >>> i) & 1);
            if (++count == 8) {
                out.write(current);
                current = 0;
                count = 0;
            }
        }
        return this;
    }

    BitWriter ue(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value + 1);
        return u(bits - 1, 0).u(bits, value + 1);
    }

    BitWriter se(long value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    byte[] withTrailingBits() {
        u(1, 1);
        while (count != 0) {
            u(1, 0);
        }
        return out.toByteArray();
    }
}

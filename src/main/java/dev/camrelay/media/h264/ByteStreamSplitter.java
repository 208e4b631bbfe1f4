package dev.camrelay.media.h264;

/**
 * The byte stream layer of H.264 Annex B: finds the start codes, also when one is split across
 * inputs, and hands the bytes between them to a {@link NalSink} as NAL unit data. Zero bytes right
 * before a start code (its zero_byte, or trailing_zero_8bits) never reach the sink; bytes outside
 * any NAL unit are counted as garbage. Owned by the assembler's thread.
 */
final class ByteStreamSplitter {
    /** Receives NAL units as their bytes arrive. */
    interface NalSink {
        void nalBegins();

        /**
         * Takes bytes of the current NAL unit and returns how many it took. Fewer than offered
         * means the sink has ended the NAL unit itself: the rest, up to the next start code, is
         * garbage.
         */
        int nalBytes(byte[] in, int from, int to);

        /** A start code (or {@link #endNal}) ended the current NAL unit. */
        void nalEnds();
    }

    private final NalSink sink;
    private boolean inNal;

    /**
     * Zero bytes at the end of the input so far (up to 2): the start of a start code split across
     * inputs.
     */
    private int zeroRun;

    /** Zero bytes at the end of garbage: they belong to a start code if one follows. */
    private long pendingZeros;

    private long garbageBytes;

    ByteStreamSplitter(NalSink sink) {
        this.sink = sink;
    }

    void split(byte[] in, int off, int len) {
        int end = off + len;
        int from = off;
        int zerosBefore = zeroRun;
        while (from < end) {
            int one = StartCodes.find(in, from, end, zerosBefore);
            if (one < 0) {
                data(in, from, end);
                break;
            }
            int nalEnd = one - 2;
            while (nalEnd > from && in[nalEnd - 1] == 0) {
                nalEnd--;
            }
            data(in, from, nalEnd);
            endNal();
            pendingZeros = 0;
            inNal = true;
            sink.nalBegins();
            from = one + 1;
            zerosBefore = 0;
        }
        int zeros = StartCodes.zerosAtEnd(in, off, end);
        zeroRun = Math.min(2, zeros == len ? zeroRun + zeros : zeros);
    }

    boolean inNal() {
        return inNal;
    }

    /** Ends the NAL unit in progress here; bytes up to the next start code are garbage. */
    void endNal() {
        if (inNal) {
            inNal = false;
            sink.nalEnds();
        }
    }

    /**
     * A boundary that ends NAL units (a frame end in aligned mode): no start code spans it either.
     */
    void hardBoundary() {
        endNal();
        zeroRun = 0;
    }

    long garbageBytes() {
        return garbageBytes;
    }

    /** Bytes the sink found unusable after all. */
    void countGarbage(int count) {
        garbageBytes += count;
    }

    private void data(byte[] in, int from, int to) {
        if (from >= to) {
            return;
        }
        if (inNal) {
            int taken = sink.nalBytes(in, from, to);
            if (taken == to - from) {
                return;
            }
            inNal = false;
            from += taken;
        }
        int zeros = StartCodes.zerosAtEnd(in, from, to);
        if (zeros < to - from) {
            garbageBytes += pendingZeros + (to - from - zeros);
            pendingZeros = zeros;
        } else {
            pendingZeros += zeros;
        }
    }
}

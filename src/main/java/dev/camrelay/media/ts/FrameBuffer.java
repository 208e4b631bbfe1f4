package dev.camrelay.media.ts;

import java.util.Arrays;

/**
 * The packets of the frame being built. Packets that stand back to back in the caller's input are
 * not copied one by one: the run of them is remembered as a range of that array and copied in one
 * go, straight into the emitted frame when the frame completes during the same call, else here when
 * the call ends (the caller reuses its array). So a frame that arrives within one input is copied
 * once; what waits here for a later input is copied twice. Owned by the demuxer's thread.
 */
final class FrameBuffer {
    private static final byte[] NONE = {};
    private static final int INITIAL_CAPACITY = 64 * 1024;

    /** A buffer grown past this for a rare large frame is let go once frames are small again. */
    private static final int SHRINK_ABOVE = 1 << 20;

    private final int maxBytes;
    private byte[] bytes = NONE;
    private int length;

    /** Packets of the caller's current input, {@code run[runFrom, runTo)}, not copied yet. */
    private byte[] run;

    private int runFrom;
    private int runTo;

    /**
     * @param maxBytes the most this buffer is asked to hold
     */
    FrameBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int length() {
        return length + runTo - runFrom;
    }

    /** Adds a packet of an array that the caller leaves unchanged until {@link #detach}. */
    void addInPlace(byte[] in, int off) {
        if (in != run || off != runTo) {
            detach();
            run = in;
            runFrom = off;
            runTo = off;
        }
        runTo += TsPackets.SIZE;
    }

    /** Adds a packet by copying it now. */
    void addCopy(byte[] p, int off) {
        detach();
        append(p, off, TsPackets.SIZE);
    }

    /**
     * Copies the packets still in the caller's array in here, since that array is about to change.
     */
    void detach() {
        if (run != null) {
            append(run, runFrom, runTo - runFrom);
            forgetRun();
        }
    }

    /**
     * The frame: {@code prefix} followed by the packets, in a new array; the buffer is empty
     * afterwards.
     */
    byte[] take(byte[] prefix) {
        byte[] frame = new byte[prefix.length + length()];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(bytes, 0, frame, prefix.length, length);
        if (run != null) {
            System.arraycopy(run, runFrom, frame, prefix.length + length, runTo - runFrom);
        }
        clear();
        return frame;
    }

    void clear() {
        if (bytes.length > SHRINK_ABOVE && length < bytes.length / 4) {
            bytes = NONE;
        }
        length = 0;
        forgetRun();
    }

    private void forgetRun() {
        run = null;
        runFrom = 0;
        runTo = 0;
    }

    private void append(byte[] from, int off, int count) {
        int needed = length + count;
        if (needed > bytes.length) {
            int grown = Math.max(needed, Math.max(INITIAL_CAPACITY, bytes.length * 2));
            bytes = Arrays.copyOf(bytes, Math.min(grown, Math.max(needed, maxBytes)));
        }
        System.arraycopy(from, off, bytes, length, count);
        length += count;
    }
}

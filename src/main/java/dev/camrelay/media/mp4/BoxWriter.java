package dev.camrelay.media.mp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF boxes (ISO/IEC 14496-12) big-endian into a growing array: {@link #begin} writes a
 * placeholder size and the type, {@link #end} fills the size in once the box's content is written.
 * Owned by one thread; a writer is made per segment and thrown away.
 */
final class BoxWriter {
    private byte[] bytes;
    private int length;

    BoxWriter(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
    }

    /** Starts a box and returns its offset, to hand to {@link #end}. */
    int begin(String type) {
        int start = length;
        u32(0);
        fourCc(type);
        return start;
    }

    /** Starts a full box: a box whose content begins with a version byte and 24 bits of flags. */
    int beginFull(String type, int version, int flags) {
        int start = begin(type);
        u32((version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /** Ends the box begun at {@code start}: its size is everything written since. */
    void end(int start) {
        patchU32(start, length - start);
    }

    int position() {
        return length;
    }

    void patchU32(int at, long value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    void u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    void u32(long value) {
        ensure(4);
        patchU32(length, value);
        length += 4;
    }

    void u64(long value) {
        u32(value >>> 32);
        u32(value);
    }

    void zeros(int count) {
        ensure(count);
        length += count;
    }

    void bytes(byte[] source, int from, int count) {
        ensure(count);
        System.arraycopy(source, from, bytes, length, count);
        length += count;
    }

    void bytes(byte[] source) {
        bytes(source, 0, source.length);
    }

    void fourCc(String type) {
        byte[] ascii = type.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length != 4) {
            throw new IllegalArgumentException("a box type has four characters: " + type);
        }
        bytes(ascii);
    }

    /** The 3x3 identity transformation matrix of mvhd and tkhd (16.16 and 2.30 fixed point). */
    void identityMatrix() {
        long[] matrix = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (long value : matrix) {
            u32(value);
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

package dev.camrelay.media.h264;

import java.util.Arrays;

/**
 * The access unit that {@link AccessUnitAssembler} is building: its NAL units, each after a 4-byte
 * start code, the last one possibly still arriving, and what kinds of NAL unit it holds. The array
 * grows by doubling and is reused, so a byte is copied in once and out once, into the array of the
 * emitted {@link AccessUnit}. Owned by the assembler's thread.
 */
final class AccessUnitBuffer {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    /** A NAL unit's start code and the two bytes that classify it fit whatever the limit. */
    private static final int NAL_BEGIN_BYTES = START_CODE.length + 2;

    private final int capacityLimit;
    private byte[] bytes = new byte[4096];
    private int length;

    /** Index of the last NAL unit's header byte. */
    private int nalStart;

    private int nals;
    private boolean hasVcl;
    private boolean idr;
    private boolean hasSps;
    private boolean hasPps;

    /**
     * Where a missing SPS/PPS goes: after an AUD (which must come first) and after an SPS present.
     */
    private int headersEnd;

    /**
     * @param maxBytes the largest access unit the assembler keeps
     */
    AccessUnitBuffer(int maxBytes) {
        this.capacityLimit = maxBytes + NAL_BEGIN_BYTES;
    }

    int length() {
        return length;
    }

    boolean hasVcl() {
        return hasVcl;
    }

    int nals() {
        return nals;
    }

    void beginNal() {
        ensureCapacity(length + NAL_BEGIN_BYTES);
        System.arraycopy(START_CODE, 0, bytes, length, START_CODE.length);
        length += START_CODE.length;
        nalStart = length;
    }

    /**
     * Adds one of the first two bytes of the NAL unit in progress (room for them was made by {@link
     * #beginNal}).
     */
    void put(byte b) {
        bytes[length++] = b;
    }

    void append(byte[] in, int from, int count) {
        ensureCapacity(length + count);
        System.arraycopy(in, from, bytes, length, count);
        length += count;
    }

    int nalLength() {
        return length - nalStart;
    }

    byte nalByte(int index) {
        return bytes[nalStart + index];
    }

    /** Records that the NAL unit in progress, of the given type, belongs to this access unit. */
    void note(int type) {
        hasVcl |= NalUnits.isVcl(type);
        idr |= type == NalUnits.IDR;
        hasSps |= type == NalUnits.SPS;
        hasPps |= type == NalUnits.PPS;
    }

    /** Forgets the NAL unit in progress, start code included. */
    void dropNal() {
        length = nalStart - START_CODE.length;
    }

    /**
     * Ends the NAL unit in progress without its trailing zero bytes (trailing_zero_8bits, or the
     * zero_byte of the next start code). Returns false, having dropped it, if nothing is left.
     */
    boolean endNal(int type) {
        while (length > nalStart && bytes[length - 1] == 0) {
            length--;
        }
        if (length == nalStart) {
            dropNal();
            return false;
        }
        nals++;
        if (type == NalUnits.SPS || type == NalUnits.AUD) {
            headersEnd = length;
        }
        return true;
    }

    boolean lastNalEquals(byte[] nal) {
        return nal != null && Arrays.equals(bytes, nalStart, length, nal, 0, nal.length);
    }

    byte[] copyLastNal() {
        return Arrays.copyOfRange(bytes, nalStart, length);
    }

    /**
     * The complete NAL units before the one in progress as an access unit, with the latest SPS and
     * PPS put in if it is an IDR that lacks them; null if that is larger than {@code maxBytes}.
     */
    AccessUnit completeBeforeNal(ParameterSets latest, int maxBytes) {
        return complete(nalStart - START_CODE.length, latest, maxBytes);
    }

    /** Like {@link #completeBeforeNal}, for the whole buffer (no NAL unit in progress). */
    AccessUnit complete(ParameterSets latest, int maxBytes) {
        return complete(length, latest, maxBytes);
    }

    /** Starts the next access unit with the NAL unit in progress. */
    void restartAtNal() {
        int nalBegin = nalStart - START_CODE.length;
        System.arraycopy(bytes, nalBegin, bytes, 0, length - nalBegin);
        length -= nalBegin;
        nalStart = START_CODE.length;
        resetKinds();
    }

    void clear() {
        length = 0;
        resetKinds();
    }

    private AccessUnit complete(int end, ParameterSets latest, int maxBytes) {
        byte[] addSps = idr && !hasSps ? latest.sps() : null;
        byte[] addPps = idr && !hasPps ? latest.pps() : null;
        long size = (long) end + sizeWithStartCode(addSps) + sizeWithStartCode(addPps);
        if (size > maxBytes) {
            return null;
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(bytes, 0, out, 0, headersEnd);
        int at = put(out, headersEnd, addSps);
        at = put(out, at, addPps);
        System.arraycopy(bytes, headersEnd, out, at, end - headersEnd);
        int added = (addSps == null ? 0 : 1) + (addPps == null ? 0 : 1);
        return new AccessUnit(out, idr, nals + added);
    }

    private static int sizeWithStartCode(byte[] nal) {
        return nal == null ? 0 : START_CODE.length + nal.length;
    }

    private static int put(byte[] out, int at, byte[] nal) {
        if (nal == null) {
            return at;
        }
        System.arraycopy(START_CODE, 0, out, at, START_CODE.length);
        System.arraycopy(nal, 0, out, at + START_CODE.length, nal.length);
        return at + START_CODE.length + nal.length;
    }

    private void resetKinds() {
        nals = 0;
        hasVcl = false;
        idr = false;
        hasSps = false;
        hasPps = false;
        headersEnd = 0;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes =
                    Arrays.copyOf(
                            bytes,
                            (int) Math.min(Math.max(bytes.length * 2L, needed), capacityLimit));
        }
    }
}

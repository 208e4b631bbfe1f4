package dev.camrelay.media.h264;

/**
 * Learns from what a length-framed sender has sent whether its frames end where pictures end, so
 * that {@link AccessUnitAssembler} may emit a picture at the end of its frame instead of waiting
 * for the next picture to begin. Starts unknown; after {@value #EVIDENCE_NEEDED} frames in a row
 * that ended after a picture and were followed by a frame beginning with a new access unit, it is
 * aligned. One frame that begins by continuing a NAL unit, or with a further slice of a picture,
 * makes it unknown for good. Owned by the assembler's thread.
 */
final class FrameAlignment {
    private static final int EVIDENCE_NEEDED = 3;

    private boolean aligned;

    /** Counter-evidence was seen: this sender is not frame-aligned, and that will not change. */
    private boolean settled;

    private int evidence;
    private long violations;

    /** The last frame ended while the access unit being built held a picture (a VCL NAL unit). */
    private boolean pictureBeforeBoundary;

    /** The last frame ended inside a NAL unit (in aligned mode: cut it there). */
    private boolean nalOpenAtBoundary;

    /** No byte other than zeros has arrived since the last frame ended. */
    private boolean atFrameStart;

    private long leadingZeros;

    /** The frame began with a start code: the NAL unit after it decides. */
    private boolean judgeNextNal;

    private boolean judgingNal;

    boolean aligned() {
        return aligned;
    }

    long violations() {
        return violations;
    }

    void frameEnded(boolean pictureBuffered, boolean nalOpen) {
        if (settled) {
            return;
        }
        pictureBeforeBoundary = pictureBuffered;
        nalOpenAtBoundary = nalOpen;
        atFrameStart = true;
        leadingZeros = 0;
        judgeNextNal = false;
    }

    /**
     * Looks at the bytes of a frame (before the assembler consumes them) until its first non-zero
     * byte tells whether the frame begins with a start code. Returns true when the frame continues
     * a NAL unit that aligned mode had already cut at the frame end.
     */
    boolean frameBytes(byte[] in, int from, int end) {
        if (!atFrameStart) {
            return false;
        }
        int i = from;
        while (i < end && in[i] == 0) {
            i++;
        }
        leadingZeros += i - from;
        if (i == end) {
            return false;
        }
        atFrameStart = false;
        if (in[i] == 1 && leadingZeros >= 2) {
            judgeNextNal = true;
            return false;
        }
        return nalOpenAtBoundary && counterEvidence();
    }

    /** A start code was found; the NAL unit after it is judged if it is the first of a frame. */
    void nalBegins() {
        judgingNal = judgeNextNal;
        judgeNextNal = false;
    }

    /**
     * The NAL unit that just began has been classified. Returns true when it is a further slice of
     * a picture that aligned mode has already emitted at the previous frame end.
     */
    boolean nalClassified(boolean beginsAccessUnit, boolean furtherSlice) {
        if (!judgingNal) {
            return false;
        }
        judgingNal = false;
        if (furtherSlice) {
            return counterEvidence();
        }
        if (!aligned && pictureBeforeBoundary) {
            // only an unbroken run counts: a frame that began with anything else resets it
            evidence = beginsAccessUnit ? evidence + 1 : 0;
            aligned = evidence >= EVIDENCE_NEEDED;
        }
        return false;
    }

    /** Returns whether the sender was considered aligned until now. */
    private boolean counterEvidence() {
        boolean wasAligned = aligned;
        violations++;
        settled = true;
        aligned = false;
        return wasAligned;
    }
}

package dev.camrelay.media.h264;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cuts an H.264 Annex-B byte stream into access units, so that every message to a viewer is one
 * whole picture with all its slices, never part of one.
 *
 * <p>NAL units are split on 3- and 4-byte start codes; zero bytes before a start code belong to it
 * (or are trailing_zero_8bits) and are dropped. NAL units are grouped as H.264 7.4.1.2.3 says: an
 * AUD, SPS, PPS, SEI or type 14-18 NAL unit after a picture, or a slice with first_mb_in_slice 0,
 * begins the next access unit; end of sequence/stream ends the current one. An access unit is
 * emitted once it is known to be complete and only if it holds a slice. Every IDR access unit is
 * emitted with an SPS and PPS (the latest seen are put in when it lacks them), so a viewer that
 * joins at it needs nothing else. Bytes before the first start code are counted as garbage; an
 * access unit over the byte or NAL limit is dropped whole and assembly resumes at the next one.
 *
 * <p>With length framing, a sender shown to put whole pictures in its frames has each picture
 * emitted at the end of its frame instead of when the next begins ({@link #endOfFrame}; how that is
 * learnt: {@code package-info.java}).
 *
 * <p>Owned by one thread (the connection's reader); not thread-safe. Access units are handed to the
 * consumer at the end of the call that completed them; if it throws, the rest of them are lost.
 */
public final class AccessUnitAssembler {
    private final int maxAuBytes;
    private final int maxNalsPerAu;
    private final FrameAlignment alignment = new FrameAlignment();
    private final AccessUnitBuffer buffer;
    private final ParameterSets parameterSets = new ParameterSets();
    private final ByteStreamSplitter splitter =
            new ByteStreamSplitter(
                    new ByteStreamSplitter.NalSink() {
                        @Override
                        public void nalBegins() {
                            beginNal();
                        }

                        @Override
                        public int nalBytes(byte[] in, int from, int to) {
                            return takeNalBytes(in, from, to);
                        }

                        @Override
                        public void nalEnds() {
                            endNal();
                        }
                    });

    /** Access units completed during the current call, handed out at its end. */
    private final List<AccessUnit> completed = new ArrayList<>();

    /** The access unit was dropped: NAL units are skipped until one that begins an access unit. */
    private boolean discarding;

    /** A NAL unit has begun and not ended (end of sequence/stream ends right after its header). */
    private boolean nalOpen;

    private boolean classified;
    private int nalType;

    /** The current NAL unit's bytes are not kept. */
    private boolean skipping;

    private long droppedAccessUnits;

    /**
     * @param maxAuBytes largest access unit to emit, start codes included (8 MiB in production)
     * @param maxNalsPerAu most NAL units one access unit may hold (not counting an SPS and PPS put
     *     in)
     */
    public AccessUnitAssembler(int maxAuBytes, int maxNalsPerAu) {
        if (maxAuBytes < 16 || maxAuBytes > Integer.MAX_VALUE - 64 || maxNalsPerAu < 1) {
            throw new IllegalArgumentException(
                    "bad limits: " + maxAuBytes + " bytes, " + maxNalsPerAu + " NAL units");
        }
        this.maxAuBytes = maxAuBytes;
        this.maxNalsPerAu = maxNalsPerAu;
        this.buffer = new AccessUnitBuffer(maxAuBytes);
    }

    /** Consumes Annex-B bytes, handing each access unit they complete to {@code out}. */
    public void feed(byte[] in, int off, int len, Consumer<AccessUnit> out) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (alignment.frameBytes(in, off, off + len)) {
            misaligned();
        }
        splitter.split(in, off, len);
        deliver(out);
    }

    /**
     * Marks the end of a length-framed frame: the bytes fed since the previous call were one frame.
     * Once the sender is known to be frame-aligned, this completes the frame's picture at once.
     */
    public void endOfFrame(Consumer<AccessUnit> out) {
        boolean nalOpenAtEnd = nalOpen;
        if (alignment.aligned()) {
            splitter.hardBoundary();
            if (buffer.hasVcl()) {
                complete(buffer.complete(parameterSets, maxAuBytes));
                buffer.clear();
            }
        }
        alignment.frameEnded(buffer.hasVcl(), nalOpenAtEnd);
        deliver(out);
    }

    /** The latest SPS seen, parsed; empty before any, or when it is malformed. */
    public Optional<SpsInfo> sps() {
        return parameterSets.spsInfo();
    }

    /**
     * Bytes skipped because they were outside any usable NAL unit (before the first start code,
     * mostly).
     */
    public long garbageBytes() {
        return splitter.garbageBytes();
    }

    /**
     * Access units dropped whole: over a limit, or broken by a sender that stopped being
     * frame-aligned.
     */
    public long droppedAccessUnits() {
        return droppedAccessUnits;
    }

    /**
     * Frames that showed the sender is not frame-aligned after all (at most one: that is final).
     */
    public long alignmentViolations() {
        return alignment.violations();
    }

    /** Whether frame ends currently complete pictures (see the class comment). */
    public boolean frameAligned() {
        return alignment.aligned();
    }

    /** True while part of an access unit is buffered; it is lost if the input ends now. */
    public boolean midAccessUnit() {
        return buffer.length() > 0;
    }

    private void beginNal() {
        nalOpen = true;
        alignment.nalBegins();
        // the start code and the classifying bytes are kept even past the limit: the NAL unit may
        // begin the next access unit rather than grow this one
        buffer.beginNal();
        classified = false;
        skipping = false;
    }

    private int takeNalBytes(byte[] in, int from, int to) {
        int start = from;
        // the header byte, and a slice's next byte (first_mb_in_slice), decide where the NAL unit
        // goes
        while (!classified && from < to) {
            buffer.put(in[from++]);
            if (buffer.nalLength() >= 2
                    || !NalUnits.hasSliceHeader(NalUnits.type(buffer.nalByte(0)))) {
                classify();
            }
        }
        if (!nalOpen) {
            return from - start;
        }
        if (!skipping && from < to) {
            if (buffer.length() + (to - from) > maxAuBytes) {
                dropWithNal();
            } else {
                buffer.append(in, from, to - from);
            }
        }
        return to - start;
    }

    private void classify() {
        classified = true;
        int type = NalUnits.type(buffer.nalByte(0));
        boolean slice = NalUnits.hasSliceHeader(type);
        if (slice && buffer.nalLength() < 2) {
            // a slice cut to its header byte (known once it ended): no decoder can use it
            splitter.countGarbage(1);
            buffer.dropNal();
            skipping = true;
            return;
        }
        // first_mb_in_slice is ue(v), and 0 is coded as the single bit 1
        boolean firstSlice = slice && buffer.nalByte(1) < 0;
        boolean beginsAu = firstSlice || NalUnits.precedesPicture(type);
        if (alignment.nalClassified(beginsAu, slice && !firstSlice)) {
            // the picture's first slices went out at the frame end: the rest must not pose as one
            dropWithNal();
            return;
        }
        if (beginsAu && (buffer.hasVcl() || discarding)) {
            if (!discarding) {
                complete(buffer.completeBeforeNal(parameterSets, maxAuBytes));
            }
            buffer.restartAtNal();
            discarding = false;
        }
        if (discarding) {
            buffer.dropNal();
            skipping = true;
        } else if (buffer.nals() >= maxNalsPerAu || buffer.length() > maxAuBytes) {
            dropWithNal();
        } else {
            nalType = type;
            buffer.note(type);
            if (type == NalUnits.END_OF_SEQUENCE || type == NalUnits.END_OF_STREAM) {
                endOfSequence();
            }
        }
    }

    /** These header-only NAL units end the access unit: no need to wait for the next start code. */
    private void endOfSequence() {
        nalOpen = false;
        buffer.endNal(nalType);
        if (buffer.hasVcl()) {
            complete(buffer.complete(parameterSets, maxAuBytes));
        }
        buffer.clear();
    }

    private void endNal() {
        if (nalOpen && !classified && buffer.nalLength() > 0) {
            classify(); // a NAL unit too short to classify earlier
        }
        if (!nalOpen) {
            return;
        }
        nalOpen = false;
        if (!skipping && buffer.endNal(nalType)) {
            parameterSets.remember(nalType, buffer);
        }
    }

    private void complete(AccessUnit unit) {
        if (unit == null) {
            droppedAccessUnits++; // it grew past the limit when the SPS/PPS were put in
        } else {
            completed.add(unit);
        }
    }

    /**
     * Hands out what this call completed; queued first so a consumer never sees the assembler
     * mid-change.
     */
    private void deliver(Consumer<AccessUnit> out) {
        try {
            for (AccessUnit unit : completed) {
                out.accept(unit);
            }
        } finally {
            completed.clear();
        }
    }

    /**
     * A frame continued a NAL unit that aligned mode had cut at the frame end: what holds it is
     * broken.
     */
    private void misaligned() {
        if (buffer.length() > 0) {
            droppedAccessUnits++;
            buffer.clear();
        }
        discarding = true;
    }

    /**
     * Drops the access unit being built with the NAL unit in progress, and skips to the next access
     * unit.
     */
    private void dropWithNal() {
        skipping = true;
        droppedAccessUnits++;
        buffer.clear();
        discarding = true;
    }
}

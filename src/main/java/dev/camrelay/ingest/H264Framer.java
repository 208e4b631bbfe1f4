package dev.camrelay.ingest;

import dev.camrelay.media.h264.AccessUnitAssembler;
import dev.camrelay.media.h264.SpsInfo;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * H.264 Annex B from a camera, raw or length-framed, into whole access units. A length-framed
 * frame may hold one NAL, several, a whole picture, or part of a NAL; the assembler learns
 * whether frame boundaries can be trusted as picture boundaries (see its docs).
 */
final class H264Framer implements Framer {
    /** Far beyond any real picture's slice count; bounds the work a hostile stream can cause. */
    private static final int MAX_NALS_PER_ACCESS_UNIT = 1024;

    private final AccessUnitAssembler assembler;
    private final LengthFramer lengthFramer;

    H264Framer(boolean raw, int maxFrameBytes) {
        this.assembler = new AccessUnitAssembler(maxFrameBytes, MAX_NALS_PER_ACCESS_UNIT);
        this.lengthFramer = raw ? null : new LengthFramer(maxFrameBytes);
    }

    @Override
    public boolean consume(ByteBuffer in, FrameSink frames) throws IngestException {
        if (lengthFramer == null) {
            assembler.feed(in.array(), in.arrayOffset() + in.position(), in.remaining(),
                    unit -> frames.frame(unit.annexB(), unit.idr()));
            in.position(in.limit());
            return true;
        }
        return lengthFramer.consume(in, (chunk, ignored) -> {
            assembler.feed(chunk, 0, chunk.length, unit -> frames.frame(unit.annexB(), unit.idr()));
            assembler.endOfFrame(unit -> frames.frame(unit.annexB(), unit.idr()));
        });
    }

    @Override
    public boolean midFrame() {
        return assembler.midAccessUnit() || (lengthFramer != null && lengthFramer.midFrame());
    }

    @Override
    public long garbageBytes() {
        return assembler.garbageBytes();
    }

    @Override
    public long droppedFrames() {
        return assembler.droppedAccessUnits();
    }

    /** The latest sequence parameter set: picture size and codec string. */
    Optional<SpsInfo> picture() {
        return assembler.sps();
    }
}

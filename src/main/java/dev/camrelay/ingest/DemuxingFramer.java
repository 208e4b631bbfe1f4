package dev.camrelay.ingest;

import dev.camrelay.media.Demuxer;
import dev.camrelay.media.PictureInfo;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A format's demuxer behind either framing. Raw: the camera's bytes go straight to the demuxer.
 * Length: each length-prefixed frame is fed and its end marked (a frame may hold one NAL, several,
 * a whole picture, or part of one; the demuxer decides what a boundary proves). A connection that
 * sends more than {@code maxGarbageBytes} without a single good frame between is not a camera of
 * this format and is closed.
 */
final class DemuxingFramer implements Framer {
    private final Demuxer demuxer;
    private final LengthFramer lengthFramer;
    private final long maxGarbageBytes;
    private long garbageAtLastFrame;

    DemuxingFramer(Demuxer demuxer, boolean raw, int maxFrameBytes) {
        this.demuxer = demuxer;
        this.lengthFramer = raw ? null : new LengthFramer(maxFrameBytes);
        this.maxGarbageBytes = Math.max(1L << 20, maxFrameBytes);
    }

    @Override
    public boolean consume(ByteBuffer in, FrameSink frames) throws IngestException {
        Demuxer.Output out =
                (payload, keyframe) -> {
                    garbageAtLastFrame = demuxer.garbageBytes();
                    frames.frame(payload, keyframe);
                };
        boolean open;
        if (lengthFramer == null) {
            demuxer.feed(in.array(), in.arrayOffset() + in.position(), in.remaining(), out);
            in.position(in.limit());
            open = true;
        } else {
            open =
                    lengthFramer.consume(
                            in,
                            (chunk, ignored) -> {
                                demuxer.feed(chunk, 0, chunk.length, out);
                                demuxer.endOfFrame(out);
                            });
        }
        if (demuxer.garbageBytes() - garbageAtLastFrame > maxGarbageBytes) {
            throw new IngestException(
                    RejectReason.GARBAGE,
                    "more than " + maxGarbageBytes + " bytes without a frame");
        }
        return open;
    }

    @Override
    public boolean midFrame() {
        return demuxer.midFrame() || (lengthFramer != null && lengthFramer.midFrame());
    }

    @Override
    public long garbageBytes() {
        return demuxer.garbageBytes();
    }

    @Override
    public long droppedFrames() {
        return demuxer.droppedFrames();
    }

    Optional<PictureInfo> picture() {
        return demuxer.picture();
    }
}

package dev.camrelay.media;

import dev.camrelay.media.h264.AccessUnitAssembler;
import dev.camrelay.media.ts.TsDemuxer;
import java.util.Optional;

/** The demuxer of each format. */
public final class Demuxers {
    /**
     * Far beyond any real picture's slice count; bounds the work a hostile H.264 stream can cause.
     */
    private static final int MAX_NALS_PER_ACCESS_UNIT = 1024;

    /**
     * An end-of-stream NAL unit: fed at the end of the input it completes the last picture and
     * leaves nothing buffered.
     */
    private static final byte[] END_OF_STREAM = {0, 0, 0, 1, 0x0B};

    private Demuxers() {}

    /** The demuxer of a {@linkplain Format#pushable pushable} format. */
    public static Demuxer of(Format format, int maxFrameBytes) {
        return switch (format) {
            case MJPEG -> jpeg(new JpegSplitter(maxFrameBytes));
            case H264 -> h264(new AccessUnitAssembler(maxFrameBytes, MAX_NALS_PER_ACCESS_UNIT));
            case TS -> ts(new TsDemuxer(maxFrameBytes));
            case H265 -> throw new IllegalArgumentException("H.265 is pulled over RTSP only");
        };
    }

    private static Demuxer jpeg(JpegSplitter splitter) {
        return new Demuxer() {
            @Override
            public void feed(byte[] in, int off, int len, Output out) {
                splitter.feed(in, off, len, jpeg -> out.frame(jpeg, true));
            }

            @Override
            public boolean midFrame() {
                return splitter.inImage();
            }

            @Override
            public long garbageBytes() {
                return splitter.garbageBytes();
            }

            @Override
            public long droppedFrames() {
                return splitter.droppedImages();
            }
        };
    }

    private static Demuxer ts(TsDemuxer demuxer) {
        return new Demuxer() {
            @Override
            public void feed(byte[] in, int off, int len, Output out) {
                demuxer.feed(in, off, len, out::frame);
            }

            @Override
            public void endOfFrame(Output out) {
                demuxer.endOfMessage(out::frame);
            }

            @Override
            public boolean midFrame() {
                return demuxer.midFrame();
            }

            @Override
            public long garbageBytes() {
                return demuxer.garbageBytes();
            }

            @Override
            public long droppedFrames() {
                return demuxer.droppedFrames();
            }
        };
    }

    /**
     * After the assembler drops a picture (oversize), the pictures that follow may refer to it:
     * they are held back, and counted as dropped, until the next IDR starts a clean GOP.
     */
    private static Demuxer h264(AccessUnitAssembler assembler) {
        return new Demuxer() {
            private long droppedSeen;
            private long heldBack;
            private boolean awaitingIdr;

            @Override
            public void feed(byte[] in, int off, int len, Output out) {
                assembler.feed(in, off, len, unit -> emit(unit, out));
            }

            @Override
            public void endOfFrame(Output out) {
                assembler.endOfFrame(unit -> emit(unit, out));
            }

            private void emit(dev.camrelay.media.h264.AccessUnit unit, Output out) {
                if (assembler.droppedAccessUnits() != droppedSeen) {
                    droppedSeen = assembler.droppedAccessUnits();
                    awaitingIdr = true;
                }
                if (awaitingIdr && !unit.idr()) {
                    heldBack++;
                    return;
                }
                awaitingIdr = false;
                out.frame(unit.annexB(), unit.idr());
            }

            @Override
            public void endOfInput(Output out) {
                feed(END_OF_STREAM, 0, END_OF_STREAM.length, out);
            }

            @Override
            public boolean midFrame() {
                return assembler.midAccessUnit();
            }

            @Override
            public long garbageBytes() {
                return assembler.garbageBytes();
            }

            @Override
            public long droppedFrames() {
                return assembler.droppedAccessUnits() + heldBack;
            }

            @Override
            public Optional<PictureInfo> picture() {
                return assembler
                        .sps()
                        .map(sps -> new PictureInfo(sps.width(), sps.height(), sps.codecString()));
            }
        };
    }
}

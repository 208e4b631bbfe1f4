package dev.camrelay.media;

import dev.camrelay.media.h264.AccessUnitAssembler;
import dev.camrelay.media.ts.TsDemuxer;
import java.util.Optional;

/** The demuxer of each format. */
public final class Demuxers {
    /** Far beyond any real picture's slice count; bounds the work a hostile H.264 stream can cause. */
    private static final int MAX_NALS_PER_ACCESS_UNIT = 1024;
    /** An access unit delimiter: fed at the end of the input it proves the last picture complete. */
    private static final byte[] ACCESS_UNIT_DELIMITER = {0, 0, 0, 1, 0x09, (byte) 0xF0};

    private Demuxers() {
    }

    public static Demuxer of(Format format, int maxFrameBytes) {
        return switch (format) {
            case MJPEG -> jpeg(new JpegSplitter(maxFrameBytes));
            case H264 -> h264(new AccessUnitAssembler(maxFrameBytes, MAX_NALS_PER_ACCESS_UNIT));
            case TS -> ts(new TsDemuxer(maxFrameBytes));
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

    private static Demuxer h264(AccessUnitAssembler assembler) {
        return new Demuxer() {
            @Override
            public void feed(byte[] in, int off, int len, Output out) {
                assembler.feed(in, off, len, unit -> out.frame(unit.annexB(), unit.idr()));
            }

            @Override
            public void endOfFrame(Output out) {
                assembler.endOfFrame(unit -> out.frame(unit.annexB(), unit.idr()));
            }

            @Override
            public void endOfInput(Output out) {
                feed(ACCESS_UNIT_DELIMITER, 0, ACCESS_UNIT_DELIMITER.length, out);
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
                return assembler.droppedAccessUnits();
            }

            @Override
            public Optional<PictureInfo> picture() {
                return assembler.sps().map(sps -> new PictureInfo(sps.width(), sps.height(), sps.codecString()));
            }
        };
    }
}

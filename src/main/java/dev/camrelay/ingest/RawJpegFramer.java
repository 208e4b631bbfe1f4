package dev.camrelay.ingest;

import dev.camrelay.media.JpegSplitter;
import java.nio.ByteBuffer;

/**
 * Raw MJPEG: JPEGs back to back, split by {@link JpegSplitter}. Garbage is skipped and counted;
 * a connection that sends more than {@code maxGarbageBytes} without a single good image between
 * is not a camera and is closed.
 */
final class RawJpegFramer implements Framer {
    private final JpegSplitter splitter;
    private final long maxGarbageBytes;
    private long garbageAtLastImage;

    RawJpegFramer(int maxFrameBytes) {
        this.splitter = new JpegSplitter(maxFrameBytes);
        this.maxGarbageBytes = Math.max(1L << 20, maxFrameBytes);
    }

    @Override
    public boolean consume(ByteBuffer in, FrameSink frames) throws IngestException {
        splitter.feed(in.array(), in.arrayOffset() + in.position(), in.remaining(), jpeg -> {
            garbageAtLastImage = splitter.garbageBytes();
            frames.frame(jpeg, true);
        });
        in.position(in.limit());
        if (splitter.garbageBytes() - garbageAtLastImage > maxGarbageBytes) {
            throw new IngestException(RejectReason.GARBAGE, "more than " + maxGarbageBytes + " bytes without a JPEG");
        }
        return true;
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
}

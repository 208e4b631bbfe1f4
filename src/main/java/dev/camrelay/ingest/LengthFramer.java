package dev.camrelay.ingest;

import java.nio.ByteBuffer;

/**
 * Length-prefixed frames: a little-endian int32 length, then the payload; length 0 is a clean end.
 * The length is validated before anything is allocated, so a hostile length costs nothing.
 */
final class LengthFramer implements Framer {
    private final int maxFrameBytes;
    private int lengthBytes;
    private int length;
    private byte[] frame;
    private int filled;

    LengthFramer(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public boolean consume(ByteBuffer in, FrameSink frames) throws IngestException {
        while (in.hasRemaining()) {
            if (frame == null) {
                while (lengthBytes < 4 && in.hasRemaining()) {
                    length |= (in.get() & 0xFF) << (8 * lengthBytes++);
                }
                if (lengthBytes < 4) {
                    return true;
                }
                int announced = length;
                lengthBytes = 0;
                length = 0;
                if (announced == 0) {
                    in.position(in.limit());
                    return false;
                }
                if (announced < 0) {
                    throw new IngestException(
                            RejectReason.BAD_LENGTH, "negative frame length " + announced);
                }
                if (announced > maxFrameBytes) {
                    throw new IngestException(
                            RejectReason.FRAME_TOO_LARGE,
                            "frame of "
                                    + announced
                                    + " bytes exceeds the limit of "
                                    + maxFrameBytes);
                }
                frame = new byte[announced];
                filled = 0;
            }
            int take = Math.min(in.remaining(), frame.length - filled);
            in.get(frame, filled, take);
            filled += take;
            if (filled == frame.length) {
                byte[] complete = frame;
                frame = null;
                frames.frame(complete, true);
            }
        }
        return true;
    }

    @Override
    public boolean midFrame() {
        return frame != null || lengthBytes > 0;
    }
}

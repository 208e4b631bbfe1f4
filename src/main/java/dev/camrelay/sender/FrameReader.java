package dev.camrelay.sender;

import dev.camrelay.media.Format;
import java.io.IOException;
import java.io.InputStream;

/** Reads whole frames of one format out of a byte stream. Owned by one thread. */
interface FrameReader {
    /** The next whole frame, or null at the end of the input (a trailing partial frame is dropped). */
    byte[] next() throws IOException;

    void close() throws IOException;

    static FrameReader of(InputStream input, Format format) {
        return switch (format) {
            case MJPEG -> new JpegStreamReader(input);
            case H264 -> new AccessUnitReader(input);
            case TS -> throw new IllegalArgumentException("the sender does not send MPEG-TS yet");
        };
    }
}

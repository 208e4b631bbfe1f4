package dev.camrelay.sender;

import java.io.IOException;
import java.io.InputStream;

/**
 * A live MJPEG byte stream, e.g. stdin fed by {@code ffmpeg ... -f mjpeg -}: frames are handed on
 * as they arrive and the source ends with its input. Closing it closes the input.
 */
public final class MjpegStreamSource implements FrameSource {
    private final JpegStreamReader reader;

    public MjpegStreamSource(InputStream input) {
        this.reader = new JpegStreamReader(input);
    }

    @Override
    public byte[] next() throws IOException {
        return reader.next();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

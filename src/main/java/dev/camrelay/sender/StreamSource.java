package dev.camrelay.sender;

import dev.camrelay.media.Format;
import java.io.IOException;
import java.io.InputStream;

/**
 * A live byte stream, e.g. stdin fed by {@code ffmpeg ... -f mjpeg -} or {@code -f h264 -}: frames
 * (JPEGs, or H.264 pictures) are handed on as they arrive and the source ends with its input.
 * Closing it closes the input.
 */
public final class StreamSource implements FrameSource {
    private final FrameReader reader;

    public StreamSource(InputStream input, Format format) {
        this.reader = new FrameReader(input, format);
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

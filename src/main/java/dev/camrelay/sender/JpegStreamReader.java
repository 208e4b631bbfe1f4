package dev.camrelay.sender;

import dev.camrelay.media.JpegSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Reads whole JPEGs out of a raw MJPEG byte stream (what {@code ffmpeg -f mjpeg -} writes).
 * Reads whatever the input has ready, so a live pipe's frames come out as soon as they are complete.
 * Owned by one thread.
 */
final class JpegStreamReader implements FrameReader {
    /** The relay's default frame limit (DESIGN §5): a larger JPEG would be refused anyway. */
    private static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final InputStream input;
    private final JpegSplitter splitter = new JpegSplitter(MAX_FRAME_BYTES);
    private final Queue<byte[]> ready = new ArrayDeque<>();
    private final byte[] chunk = new byte[READ_CHUNK_BYTES];

    JpegStreamReader(InputStream input) {
        this.input = input;
    }

    @Override
    public byte[] next() throws IOException {
        while (ready.isEmpty()) {
            int count = input.read(chunk);
            if (count < 0) {
                return null;
            }
            splitter.feed(chunk, 0, count, ready::add);
        }
        return ready.poll();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}

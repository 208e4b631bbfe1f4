package dev.camrelay.sender;

import dev.camrelay.media.Demuxer;
import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Reads whole frames of one format out of a byte stream (a file, or stdin fed by ffmpeg) with the
 * relay's own demuxer: JPEGs, H.264 pictures, or MPEG-TS packet runs of one picture each. Reads
 * whatever the input has ready, so a live pipe's frames come out as soon as they are complete.
 * Owned by one thread.
 */
final class FrameReader {
    /** The relay's default frame limit (DESIGN §5): a larger frame would be refused anyway. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final InputStream input;
    private final Demuxer demuxer;
    private final Queue<byte[]> ready = new ArrayDeque<>();
    private final byte[] chunk = new byte[READ_CHUNK_BYTES];
    private boolean ended;

    FrameReader(InputStream input, Format format) {
        this.input = input;
        this.demuxer = Demuxers.of(format, MAX_FRAME_BYTES);
    }

    /**
     * The next whole frame, or null at the end of the input (a trailing partial frame is dropped).
     */
    byte[] next() throws IOException {
        while (ready.isEmpty() && !ended) {
            int count = input.read(chunk);
            if (count < 0) {
                ended = true;
                demuxer.endOfInput((frame, keyframe) -> ready.add(frame));
            } else {
                demuxer.feed(chunk, 0, count, (frame, keyframe) -> ready.add(frame));
            }
        }
        return ready.poll();
    }

    void close() throws IOException {
        input.close();
    }
}

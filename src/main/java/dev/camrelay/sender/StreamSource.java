package dev.camrelay.sender;

import dev.camrelay.media.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;

/**
 * A live byte stream, e.g. stdin fed by {@code ffmpeg ... -f mjpeg -} or {@code -f h264 -}: frames
 * (JPEGs, or H.264 pictures) are handed on as they arrive and the source ends with its input. H.264
 * may also come as FLV ({@code -f flv -}), recognised by its signature: FLV tags say where each
 * picture ends, so a picture leaves at its last byte instead of when the next one begins. Closing
 * it closes the input.
 */
public final class StreamSource implements FrameSource {
    private static final byte[] FLV_SIGNATURE = {'F', 'L', 'V'};

    private final PushbackInputStream input;
    private final Format format;
    private Frames frames;

    public StreamSource(InputStream input, Format format) {
        this.input = new PushbackInputStream(input, FLV_SIGNATURE.length);
        this.format = format;
    }

    @Override
    public byte[] next() throws IOException {
        if (frames == null) {
            frames = open();
        }
        return frames.next();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    /** Picks the reader: FLV when H.264 input starts with the FLV signature, else the demuxer. */
    private Frames open() throws IOException {
        if (format == Format.H264) {
            byte[] start = input.readNBytes(FLV_SIGNATURE.length);
            input.unread(start);
            if (Arrays.equals(start, FLV_SIGNATURE)) {
                return new FlvReader(input, FrameReader.MAX_FRAME_BYTES)::next;
            }
        }
        return new FrameReader(input, format)::next;
    }

    private interface Frames {
        byte[] next() throws IOException;
    }
}

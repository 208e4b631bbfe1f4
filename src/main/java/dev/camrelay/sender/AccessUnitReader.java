package dev.camrelay.sender;

import dev.camrelay.media.h264.AccessUnitAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Reads whole H.264 access units (pictures, Annex B) out of a byte stream such as
 * {@code ffmpeg ... -f h264 -}, so the sender can send one picture per length-framed frame and the
 * relay forwards each one without waiting for the next. Owned by one thread.
 */
final class AccessUnitReader implements FrameReader {
    /** The relay's default frame limit (DESIGN §5): a larger picture would be refused anyway. */
    private static final int MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;
    private static final int MAX_NALS_PER_ACCESS_UNIT = 1024;
    private static final int READ_CHUNK_BYTES = 64 * 1024;
    /**
     * An access unit delimiter: fed at the end of the input it proves the last picture complete
     * (in a byte stream only the next access unit's start does that).
     */
    private static final byte[] END_MARK = {0, 0, 0, 1, 0x09, (byte) 0xF0};

    private final InputStream input;
    private final AccessUnitAssembler assembler = new AccessUnitAssembler(MAX_ACCESS_UNIT_BYTES, MAX_NALS_PER_ACCESS_UNIT);
    private final Queue<byte[]> ready = new ArrayDeque<>();
    private final byte[] chunk = new byte[READ_CHUNK_BYTES];
    private boolean ended;

    AccessUnitReader(InputStream input) {
        this.input = input;
    }

    @Override
    public byte[] next() throws IOException {
        while (ready.isEmpty() && !ended) {
            int count = input.read(chunk);
            if (count < 0) {
                ended = true;
                assembler.feed(END_MARK, 0, END_MARK.length, unit -> ready.add(unit.annexB()));
            } else {
                assembler.feed(chunk, 0, count, unit -> ready.add(unit.annexB()));
            }
        }
        return ready.poll();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}

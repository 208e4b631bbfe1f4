package dev.camrelay.ingest;

import java.nio.ByteBuffer;

/**
 * Turns a camera's byte stream after the handshake into whole frames. Owned by the ingest thread.
 */
interface Framer {
    /**
     * Consumes all of {@code in}, handing each complete frame to {@code frames}. Returns false when
     * the camera ended the stream cleanly (bytes after the end are ignored).
     */
    boolean consume(ByteBuffer in, FrameSink frames) throws IngestException;

    /** True while part of a frame is buffered; it is dropped if the connection ends now. */
    boolean midFrame();

    /** Bytes skipped because they belonged to no frame (raw framing resyncs on them). */
    default long garbageBytes() {
        return 0;
    }

    /** Frames dropped whole because they were malformed or too large. */
    default long droppedFrames() {
        return 0;
    }
}

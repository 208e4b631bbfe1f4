package dev.camrelay.ingest;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Turns a camera's byte stream after the handshake into whole frames. Owned by the ingest thread. */
interface Framer {
    /**
     * Consumes all of {@code in}, handing each complete frame to {@code frames}. Returns false when
     * the camera ended the stream cleanly (bytes after the end are ignored).
     */
    boolean consume(ByteBuffer in, Consumer<byte[]> frames) throws IngestException;

    /** True while part of a frame is buffered; it is dropped if the connection ends now. */
    boolean midFrame();
}

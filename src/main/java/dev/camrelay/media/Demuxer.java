package dev.camrelay.media;

import java.util.Optional;

/**
 * Turns a format's raw byte stream into whole frames: JPEGs, H.264 access units, or runs of TS
 * packets ending where the next picture starts. Garbage is skipped and counted, an oversize or
 * broken frame is dropped whole and counted, and part of a frame is never emitted. Used by the TCP
 * ingest and the HTTP push alike. Owned by one thread.
 */
public interface Demuxer {
    /** Receives each complete frame; the payload array is handed over and never written again. */
    interface Output {
        void frame(byte[] payload, boolean keyframe);
    }

    void feed(byte[] in, int off, int len, Output out);

    /**
     * The sender marked a frame boundary (length framing). Formats that can use it to finish a
     * frame early do so (H.264 and TS once the sender proved frame-aligned); for MJPEG it means
     * nothing.
     */
    default void endOfFrame(Output out) {}

    /**
     * The input ended cleanly where the sender meant it to (the end of a file): emits a frame whose
     * end only the next frame's start could otherwise prove. Not for a dropped connection, where
     * the last frame may be cut short.
     */
    default void endOfInput(Output out) {}

    /** True while part of a frame is buffered; it is dropped if the input ends now. */
    boolean midFrame();

    long garbageBytes();

    long droppedFrames();

    /** Picture size and codec once the bitstream told them, where the format says them up front. */
    default Optional<PictureInfo> picture() {
        return Optional.empty();
    }
}

package dev.camrelay.ingest;

/** Where a framer hands each complete frame. */
interface FrameSink {
    /**
     * A complete frame; the payload array is handed over. {@code keyframe} is true for a JPEG or an
     * IDR access unit.
     */
    void frame(byte[] payload, boolean keyframe);
}

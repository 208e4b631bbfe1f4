package dev.camrelay.ingest;

/** How a camera delimits frames after its handshake. */
enum Framing {
    /** Each frame is a little-endian int32 length and that many bytes; length 0 ends the stream. */
    LENGTH,
    /** The bytes of the format itself, back to back; the demuxer finds the frames. */
    RAW
}

package dev.camrelay.ingest;

import dev.camrelay.media.Format;
import dev.camrelay.stream.StreamKey;

/** What a camera announced: which stream, in which format and framing, over which protocol. */
record Handshake(StreamKey key, Format format, Framing framing, boolean legacy) {
}

package dev.camrelay.ingest;

import dev.camrelay.media.Format;
import dev.camrelay.stream.StreamKey;

/**
 * What a camera announced: which stream, in which format and framing, over which protocol, with
 * which publish token (null when it sent none; the legacy header cannot carry one).
 */
record Handshake(StreamKey key, Format format, Framing framing, boolean legacy, String token) {

    Handshake(StreamKey key, Format format, Framing framing, boolean legacy) {
        this(key, format, framing, legacy, null);
    }

    /** Tokens are secrets: never in logs. */
    @Override
    public String toString() {
        return "Handshake["
                + key
                + ", "
                + format.wireName()
                + ", "
                + framing
                + (legacy ? ", legacy" : "")
                + (token == null ? "" : ", token=****")
                + "]";
    }
}

package dev.camrelay.ingest;

import dev.camrelay.media.Format;

/** Picks the framer for a handshake's format and framing. */
final class Framers {
    private Framers() {
    }

    static Framer create(Handshake handshake, int maxFrameBytes) {
        boolean raw = handshake.framing() == Framing.RAW;
        if (handshake.format() == Format.H264) {
            return new H264Framer(raw, maxFrameBytes);
        }
        return raw ? new RawJpegFramer(maxFrameBytes) : new LengthFramer(maxFrameBytes);
    }
}

package dev.camrelay.ingest;

import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Format;

/** Picks the framer for a handshake's format and framing. */
final class Framers {
    private Framers() {}

    /**
     * Length-framed MJPEG needs no demuxer (each frame is one JPEG, checked by the connection);
     * everything else goes through its format's demuxer.
     */
    static Framer create(Handshake handshake, int maxFrameBytes) {
        boolean raw = handshake.framing() == Framing.RAW;
        if (handshake.format() == Format.MJPEG && !raw) {
            return new LengthFramer(maxFrameBytes);
        }
        return new DemuxingFramer(
                Demuxers.of(handshake.format(), maxFrameBytes), raw, maxFrameBytes);
    }
}

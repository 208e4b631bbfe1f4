package dev.camrelay.stream;

import java.util.Locale;

/** Why a frame offered to a viewer was never written to it. */
public enum DropReason {
    /** MJPEG: a newer JPEG replaced it before the viewer was ready (latest wins). */
    SUPERSEDED,
    /** H.264/TS: the viewer's queue overflowed and was cleared. */
    QUEUE_OVERFLOW,
    /**
     * H.264/TS: the viewer waits for a keyframe (after joining or an overflow); this frame could
     * not be decoded.
     */
    AWAITING_KEYFRAME,
    /**
     * The viewer asked for fewer frames ({@code ?fps=N}, {@code ?keyframes=only}), e.g. a grid
     * thumbnail.
     */
    RATE_CAP,
    /**
     * A {@code ?quality=auto} viewer moved to the other rendition: what was still queued for the
     * old one.
     */
    RENDITION_SWITCH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

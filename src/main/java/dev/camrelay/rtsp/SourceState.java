package dev.camrelay.rtsp;

import java.util.Locale;

/** Where a pulled camera stands, as /api/streams and /api/ingest show it. */
public enum SourceState {
    /** Pulled on demand and nobody watches: not connected until a viewer comes. */
    STANDBY,
    /** Connecting or setting up the session. */
    CONNECTING,
    /** Playing: pictures flow into the stream. */
    LIVE,
    /**
     * The camera answered but gives no stream (an error status, no H.264, went silent, broke the
     * protocol).
     */
    OFFLINE,
    /**
     * The camera refuses the credentials; retried only every few minutes so it does not lock the
     * account.
     */
    UNAUTHORIZED,
    /** No TCP connection to the camera (refused, no route, unknown host, timeout). */
    UNREACHABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.camrelay.ingest;

import java.util.Locale;

/**
 * Why the ingest ended a camera connection; {@link #code()} is the word sent in {@code ERR <code>}.
 */
public enum RejectReason {
    BAD_REQUEST,
    BAD_NAME,
    BAD_STREAM_NUMBER,
    BAD_TYPE,
    BAD_QUALITY,
    LINE_TOO_LONG,
    UNSUPPORTED_FORMAT,
    STREAM_LIMIT,
    UNAUTHORIZED,
    LOCKED_OUT,
    TOO_MANY_CONNECTIONS,
    HANDSHAKE_EVICTED,
    HANDSHAKE_TIMEOUT,
    IDLE_TIMEOUT,
    BAD_LENGTH,
    FRAME_TOO_LARGE,
    GARBAGE,
    TAKEN_OVER,
    IO_ERROR,
    INTERNAL_ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

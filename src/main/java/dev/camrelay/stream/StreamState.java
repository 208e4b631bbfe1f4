package dev.camrelay.stream;

import java.util.Locale;

/** Whether a camera is currently publishing to a stream. */
public enum StreamState {
    LIVE,
    OFFLINE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

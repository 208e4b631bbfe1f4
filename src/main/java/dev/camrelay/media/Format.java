package dev.camrelay.media;

import java.util.Locale;
import java.util.Optional;

/**
 * The video formats the relay carries; {@code legacyType} is the type field of the legacy binary
 * header. H.265 comes only from pulled RTSP cameras: nothing pushes it (see {@link #pushable}).
 */
public enum Format {
    MJPEG(0, "mjpeg"),
    H264(1, "h264"),
    TS(2, "ts"),
    H265(3, "h265");

    private final int legacyType;
    private final String wireName;

    Format(int legacyType, String wireName) {
        this.legacyType = legacyType;
        this.wireName = wireName;
    }

    public int legacyType() {
        return legacyType;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a camera may push this format to the relay (ingest port, HTTP push, sender). */
    public boolean pushable() {
        return this != H265;
    }

    public static Optional<Format> fromLegacyType(int type) {
        for (Format f : values()) {
            if (f.legacyType == type) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static Optional<Format> fromWireName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.wireName.equals(lower)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}

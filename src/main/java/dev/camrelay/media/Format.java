package dev.camrelay.media;

import java.util.Locale;
import java.util.Optional;

/**
 * The video formats the relay carries; {@code legacyType} is the type field of the legacy binary
 * header.
 */
public enum Format {
    MJPEG(0, "mjpeg"),
    H264(1, "h264"),
    TS(2, "ts");

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

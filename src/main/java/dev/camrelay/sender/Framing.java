package dev.camrelay.sender;

import java.util.Locale;
import java.util.Optional;

/**
 * How frames follow the handshake: each behind a little-endian int32 length, or JPEGs back to back.
 */
public enum Framing {
    LENGTH,
    RAW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Framing> fromWireName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "length" -> Optional.of(LENGTH);
            case "raw" -> Optional.of(RAW);
            default -> Optional.empty();
        };
    }
}

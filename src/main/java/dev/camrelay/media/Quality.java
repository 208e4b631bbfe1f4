package dev.camrelay.media;

import java.util.Locale;
import java.util.Optional;

/** A camera's rendition; the legacy header spells it 0 (low) or 1 (high). */
public enum Quality {
    LOW,
    HIGH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Quality other() {
        return this == LOW ? HIGH : LOW;
    }

    public static Optional<Quality> fromLegacy(int value) {
        return switch (value) {
            case 0 -> Optional.of(LOW);
            case 1 -> Optional.of(HIGH);
            default -> Optional.empty();
        };
    }

    public static Optional<Quality> fromWireName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "low" -> Optional.of(LOW);
            case "high" -> Optional.of(HIGH);
            default -> Optional.empty();
        };
    }

    /** A viewer's {@code ?quality=} parameter: high when absent or not understood. */
    public static Quality fromParameter(String parameter) {
        return parameter == null ? HIGH : fromWireName(parameter).orElse(HIGH);
    }
}

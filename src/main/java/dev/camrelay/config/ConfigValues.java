package dev.camrelay.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the value kinds config keys share, naming the key in every error. */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private ConfigValues() {}

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String key, String value) {
        String raw = value.trim().toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new ConfigException(key, raw, "must be true or false");
    }

    /** A whole number with a unit of ms, s, m or h; milliseconds when the unit is left out. */
    static Duration duration(String key, String value) {
        String raw = value.trim();
        Matcher m = DURATION.matcher(raw);
        if (!m.matches()) {
            throw new ConfigException(key, raw, "not a duration (e.g. 500ms, 5s, 2m)");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, raw, "duration out of range");
        }
    }
}

package dev.camrelay.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the {@code source.<name>[.low|.title|.on-demand|.linger|.transport]} keys from the same
 * layers as every other key, later ones winning: the properties file, environment {@code
 * CAMRELAY_SOURCE_<NAME>[_LOW|_TITLE|_ON_DEMAND|_LINGER|_TRANSPORT]} (the name lower-cased; {@code
 * _FILE} appended names a file holding the value, for URLs with passwords), system properties
 * {@code camrelay.source.*}, flags {@code --source.*=}.
 */
final class SourceKeys {
    static final String PREFIX = "source.";
    private static final List<String> SUFFIXES =
            List.of("low", "title", "on-demand", "linger", "transport");

    private SourceKeys() {}

    static boolean isSourceKey(String key) {
        return key.startsWith(PREFIX);
    }

    static List<SourceConfig> load(
            Properties file, Map<String, String> env, Properties systemProperties, String[] args) {
        Map<String, String> values = new TreeMap<>();
        file.stringPropertyNames().stream()
                .filter(SourceKeys::isSourceKey)
                .forEach(k -> values.put(k, file.getProperty(k)));
        env.forEach((name, value) -> fromEnv(name, value, values));
        systemProperties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("camrelay." + PREFIX))
                .forEach(
                        k ->
                                values.put(
                                        k.substring("camrelay.".length()),
                                        systemProperties.getProperty(k)));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--" + PREFIX) && equals > 0) {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        Map<String, String[]> byName = new TreeMap<>();
        values.forEach(
                (key, value) -> {
                    String rest = key.substring(PREFIX.length());
                    int dot = rest.indexOf('.');
                    String name = dot < 0 ? rest : rest.substring(0, dot);
                    String suffix = dot < 0 ? "" : rest.substring(dot + 1);
                    if (!suffix.isEmpty() && !SUFFIXES.contains(suffix)) {
                        throw new ConfigException(
                                "unknown config key '"
                                        + key
                                        + "' (a source takes source.<name>, "
                                        + "source.<name>.low, .title, .on-demand, .linger and"
                                        + " .transport)");
                    }
                    String[] fields =
                            byName.computeIfAbsent(name, n -> new String[SUFFIXES.size() + 1]);
                    fields[suffix.isEmpty() ? 0 : SUFFIXES.indexOf(suffix) + 1] = value.strip();
                });
        List<SourceConfig> sources = new ArrayList<>();
        byName.forEach(
                (name, fields) -> {
                    if (fields[0] == null || fields[0].isEmpty()) {
                        throw new ConfigException(
                                "source." + name, "(none)", "the camera's main URL is missing");
                    }
                    sources.add(
                            new SourceConfig(
                                    name,
                                    fields[0],
                                    orEmpty(fields[1]),
                                    orEmpty(fields[2]),
                                    fields[3] != null
                                            && ConfigValues.bool(
                                                    PREFIX + name + ".on-demand", fields[3]),
                                    fields[4] == null
                                            ? SourceConfig.DEFAULT_LINGER
                                            : ConfigValues.duration(
                                                    PREFIX + name + ".linger", fields[4]),
                                    fields[5] != null && udp(name, fields[5])));
                });
        return sources;
    }

    private static boolean udp(String name, String transport) {
        return switch (transport.toLowerCase(Locale.ROOT)) {
            case "udp" -> true;
            case "tcp" -> false;
            default ->
                    throw new ConfigException(
                            PREFIX + name + ".transport", transport, "must be tcp or udp");
        };
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void fromEnv(String name, String value, Map<String, String> values) {
        String envPrefix = "CAMRELAY_SOURCE_";
        if (!name.startsWith(envPrefix)) {
            return;
        }
        String rest = name.substring(envPrefix.length());
        String resolved = value;
        if (rest.endsWith("_FILE")) {
            rest = rest.substring(0, rest.length() - "_FILE".length());
            try {
                resolved = Files.readString(Path.of(value)).strip();
            } catch (IOException e) {
                throw new ConfigException(name, value, "cannot read: " + e.getMessage());
            }
        }
        String key = PREFIX + rest.toLowerCase(Locale.ROOT);
        for (String suffix : SUFFIXES) {
            String envSuffix = "_" + suffix.toUpperCase(Locale.ROOT).replace('-', '_');
            if (rest.endsWith(envSuffix) && rest.length() > envSuffix.length()) {
                key =
                        PREFIX
                                + rest.substring(0, rest.length() - envSuffix.length())
                                        .toLowerCase(Locale.ROOT)
                                + "."
                                + suffix;
            }
        }
        values.put(key, resolved);
    }
}

package dev.camrelay.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Builds the {@link RelayConfig} from layers, later ones winning: built-in defaults, launcher
 * defaults (jetty:run turns the demo on), an optional properties file ({@code --config=FILE} or
 * {@code CAMRELAY_CONFIG}), environment {@code CAMRELAY_*}, system properties {@code camrelay.*},
 * command-line flags {@code --key=value}.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static RelayConfig load(
            Map<ConfigKey, String> launcherDefaults,
            Map<String, String> env,
            Properties systemProperties,
            String[] args) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        values.putAll(launcherDefaults);
        Map<ConfigKey, String> cli = parseArgs(args);
        String file =
                firstNonNull(
                        cliConfigFile(args),
                        systemProperties.getProperty("camrelay.config"),
                        env.get("CAMRELAY_CONFIG"));
        Properties fromFile = file == null ? new Properties() : readFile(Path.of(file));
        if (file != null) {
            for (ConfigKey key : ConfigKey.values()) {
                putIfPresent(values, key, fromFile.getProperty(key.key()));
            }
        }
        for (ConfigKey key : ConfigKey.values()) {
            putIfPresent(values, key, env.get(key.envName()));
            // CAMRELAY_<KEY>_FILE names a file holding the value: how Docker and Swarm hand over
            // secrets
            String valueFile = env.get(key.envName() + "_FILE");
            if (valueFile != null) {
                putIfPresent(values, key, readSecretFile(key, valueFile));
            }
        }
        for (ConfigKey key : ConfigKey.values()) {
            putIfPresent(values, key, systemProperties.getProperty("camrelay." + key.key()));
        }
        values.putAll(cli);
        return build(values, SourceKeys.load(fromFile, env, systemProperties, args));
    }

    /** Loads from this process's environment and system properties. */
    public static RelayConfig fromProcess(Map<ConfigKey, String> launcherDefaults, String[] args) {
        return load(launcherDefaults, System.getenv(), System.getProperties(), args);
    }

    public static String help() {
        StringBuilder out =
                new StringBuilder(
                        "Configuration (--key=value, -Dcamrelay.key=value, CAMRELAY_KEY=value, or a properties file via --config=FILE):\n");
        for (ConfigKey key : ConfigKey.values()) {
            String shownDefault = key.defaultValue().isEmpty() ? "(none)" : key.defaultValue();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-22s %-10s %-30s %s%n",
                            key.key(),
                            shownDefault,
                            key.envName(),
                            key.description()));
        }
        out.append(
                "  source.<name>=rtsp://user:pass@host/path   pull a camera (source.<name>.low: its sub-stream;"
                        + " .title, .on-demand=true, .linger=10s, .transport=tcp|udp); env"
                        + " CAMRELAY_SOURCE_<NAME>[_LOW|_TITLE|_ON_DEMAND|_LINGER|_TRANSPORT][_FILE]\n");
        return out.toString();
    }

    private static RelayConfig build(Map<ConfigKey, String> v, List<SourceConfig> sources) {
        return new RelayConfig(
                integer(v, ConfigKey.HTTP_PORT),
                integer(v, ConfigKey.HTTP_MAX_CONNECTIONS),
                integer(v, ConfigKey.HTTP_SEND_BUFFER),
                duration(v, ConfigKey.HTTP_HEADER_TIMEOUT),
                v.get(ConfigKey.INGEST_HOST).trim(),
                integer(v, ConfigKey.INGEST_PORT),
                bool(v, ConfigKey.DEMO),
                integer(v, ConfigKey.DEMO_CAMERAS),
                integer(v, ConfigKey.DEMO_FPS),
                integer(v, ConfigKey.MAX_STREAMS),
                integer(v, ConfigKey.MAX_VIEWERS),
                integer(v, ConfigKey.MAX_FRAME_BYTES),
                duration(v, ConfigKey.HANDSHAKE_TIMEOUT),
                duration(v, ConfigKey.CAMERA_IDLE_TIMEOUT),
                duration(v, ConfigKey.VIEWER_STALL_TIMEOUT),
                duration(v, ConfigKey.OFFLINE_GRACE),
                duration(v, ConfigKey.MJPEG_REPEAT),
                integer(v, ConfigKey.GOP_CACHE_BYTES),
                integer(v, ConfigKey.WS_QUEUE_FRAMES),
                integer(v, ConfigKey.WS_QUEUE_BYTES),
                integer(v, ConfigKey.QUALITY_AUTO_DOWN_FPS),
                integer(v, ConfigKey.QUALITY_AUTO_UP_FPS),
                duration(v, ConfigKey.QUALITY_AUTO_WINDOW),
                duration(v, ConfigKey.QUALITY_AUTO_UP_AFTER),
                duration(v, ConfigKey.WS_PING),
                java.util.Arrays.stream(v.get(ConfigKey.WS_ORIGINS).split(","))
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .toList(),
                v.get(ConfigKey.PUBLISH_TOKEN).trim(),
                tokensByStream(v.get(ConfigKey.PUBLISH_TOKENS)),
                cidrs(v.get(ConfigKey.PUBLISH_ALLOW)),
                integer(v, ConfigKey.PUBLISH_FAILURES),
                bool(v, ConfigKey.VIEW_AUTH),
                v.get(ConfigKey.VIEW_SECRET).trim(),
                v.get(ConfigKey.VIEW_PASSWORD).trim(),
                kafka(v),
                sources);
    }

    private static KafkaConfig kafka(Map<ConfigKey, String> v) {
        String node = v.get(ConfigKey.KAFKA_NODE_ID).trim();
        List<Pattern> external = new java.util.ArrayList<>();
        for (String regex : v.get(ConfigKey.KAFKA_EXTERNAL).split(",")) {
            if (!regex.isBlank()) {
                try {
                    external.add(Pattern.compile(regex.trim()));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new ConfigException(
                            "kafka.external",
                            regex,
                            "not a regular expression: " + e.getDescription());
                }
            }
        }
        long retentionBytes;
        try {
            retentionBytes = Long.parseLong(v.get(ConfigKey.KAFKA_RETENTION_BYTES).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "kafka.retention.bytes",
                    v.get(ConfigKey.KAFKA_RETENTION_BYTES),
                    "not an integer");
        }
        return new KafkaConfig(
                v.get(ConfigKey.KAFKA_BOOTSTRAP).trim(),
                node.isEmpty() ? hostName() : node,
                external,
                duration(v, ConfigKey.KAFKA_RETENTION),
                retentionBytes,
                integer(v, ConfigKey.KAFKA_REPLICATION),
                integer(v, ConfigKey.KAFKA_SINK_QUEUE_FRAMES),
                integer(v, ConfigKey.KAFKA_SINK_QUEUE_BYTES),
                duration(v, ConfigKey.KAFKA_SOURCE_LINGER),
                duration(v, ConfigKey.KAFKA_HEARTBEAT),
                duration(v, ConfigKey.KAFKA_PRESENCE_TIMEOUT));
    }

    /**
     * The default node name: the container's or machine's host name, as Swarm and Docker set it.
     */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                name = "node";
            }
        }
        String clean = name.replaceAll("[^A-Za-z0-9_.-]", "-");
        return clean.length() > 128 ? clean.substring(0, 128) : clean;
    }

    private static String readSecretFile(ConfigKey key, String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new ConfigException(
                    key.envName() + "_FILE", file, "cannot read: " + e.getMessage());
        }
    }

    /** {@code cam1=token1,cam2=token2}. */
    private static Map<String, String> tokensByStream(String raw) {
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (String entry : raw.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new ConfigException(
                        "publish.tokens",
                        "(masked)",
                        "entries must be name=token, separated by commas");
            }
            tokens.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return tokens;
    }

    private static List<Cidr> cidrs(String raw) {
        List<Cidr> blocks = new java.util.ArrayList<>();
        for (String entry : raw.split(",")) {
            if (!entry.isBlank()) {
                blocks.add(Cidr.parse(entry));
            }
        }
        return blocks;
    }

    private static Map<ConfigKey, String> parseArgs(String[] args) {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ConfigException(
                        "unknown argument '"
                                + arg
                                + "' (expected --key=value; --help lists the keys)");
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.equals("config") || SourceKeys.isSourceKey(name)) {
                continue;
            }
            out.put(byName(name), value);
        }
        return out;
    }

    private static String cliConfigFile(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                return arg.substring("--config=".length());
            }
        }
        return null;
    }

    private static ConfigKey byName(String name) {
        for (ConfigKey key : ConfigKey.values()) {
            if (key.key().equals(name)) {
                return key;
            }
        }
        throw new ConfigException("unknown config key '" + name + "' (--help lists the keys)");
    }

    private static Properties readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config", path.toString(), "cannot read: " + e.getMessage());
        }
        for (String name : properties.stringPropertyNames()) {
            if (SourceKeys.isSourceKey(name)) {
                continue;
            }
            byName(name);
        }
        return properties;
    }

    private static void putIfPresent(Map<ConfigKey, String> values, ConfigKey key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private static String firstNonNull(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static int integer(Map<ConfigKey, String> values, ConfigKey key) {
        String raw = values.get(key).trim();
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key(), raw, "not an integer");
        }
    }

    private static boolean bool(Map<ConfigKey, String> values, ConfigKey key) {
        return ConfigValues.bool(key.key(), values.get(key));
    }

    private static Duration duration(Map<ConfigKey, String> values, ConfigKey key) {
        return ConfigValues.duration(key.key(), values.get(key));
    }
}

package dev.camrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final Map<ConfigKey, String> NO_LAUNCHER = Map.of();
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir Path dir;

    private static RelayConfig load(String... args) {
        return ConfigLoader.load(NO_LAUNCHER, NO_ENV, new Properties(), args);
    }

    private static ConfigException fails(String... args) {
        return assertThrows(ConfigException.class, () -> load(args));
    }

    private static void assertMentions(ConfigException e, String... words) {
        for (String word : words) {
            assertTrue(
                    e.getMessage().contains(word), "'" + e.getMessage() + "' should name " + word);
        }
    }

    private Path file(String content) throws IOException {
        Path path = dir.resolve("camrelay.properties");
        Files.writeString(path, content);
        return path;
    }

    @Test
    void defaults() {
        RelayConfig c = load();
        assertEquals(
                new RelayConfig(
                        8080,
                        10000,
                        0,
                        Duration.ofSeconds(10),
                        "0.0.0.0",
                        12345,
                        false,
                        4,
                        10,
                        64,
                        500,
                        8 * 1024 * 1024,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(2),
                        8 * 1024 * 1024,
                        64,
                        8 * 1024 * 1024,
                        8,
                        29,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        List.of(),
                        "",
                        Map.of(),
                        List.of(),
                        10,
                        false,
                        "",
                        "",
                        new KafkaConfig(
                                "",
                                c.kafka().nodeId(),
                                List.of(),
                                Duration.ofMinutes(10),
                                256L * 1024 * 1024,
                                -1,
                                512,
                                64 * 1024 * 1024,
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5)),
                        List.of()),
                c);
    }

    @Test
    void everyKeysDefaultIsValid() {
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(
                    !key.defaultValue().isBlank()
                            || key.secret()
                            || key == ConfigKey.PUBLISH_ALLOW
                            || key == ConfigKey.WS_ORIGINS
                            || key == ConfigKey.KAFKA_BOOTSTRAP
                            || key == ConfigKey.KAFKA_NODE_ID
                            || key == ConfigKey.KAFKA_EXTERNAL,
                    key.key()
                            + ": only secrets, the allow-lists and the optional Kafka keys are empty by default");
            assertEquals("CAMRELAY_" + key.key().toUpperCase().replace('.', '_'), key.envName());
        }
    }

    @Test
    void eachLayerOverridesTheOneBelow() throws IOException {
        Map<ConfigKey, String> launcher = new EnumMap<>(ConfigKey.class);
        launcher.put(ConfigKey.INGEST_PORT, "1001");
        launcher.put(ConfigKey.DEMO, "true");
        Path file = file("ingest.port=1002\nmax.streams=7\n");
        Map<String, String> env =
                Map.of("CAMRELAY_INGEST_PORT", "1003", "CAMRELAY_MAX_VIEWERS", "9");
        Properties sys = new Properties();
        sys.setProperty("camrelay.ingest.port", "1004");
        sys.setProperty("camrelay.demo.fps", "5");
        String config = "--config=" + file;

        assertEquals(
                1001,
                ConfigLoader.load(launcher, NO_ENV, new Properties(), new String[0]).ingestPort(),
                "launcher");
        assertEquals(
                1002,
                ConfigLoader.load(launcher, NO_ENV, new Properties(), new String[] {config})
                        .ingestPort(),
                "file");
        assertEquals(
                1003,
                ConfigLoader.load(launcher, env, new Properties(), new String[] {config})
                        .ingestPort(),
                "env");
        assertEquals(
                1004,
                ConfigLoader.load(launcher, env, sys, new String[] {config}).ingestPort(),
                "system property");
        RelayConfig all =
                ConfigLoader.load(launcher, env, sys, new String[] {config, "--ingest.port=1005"});
        assertEquals(1005, all.ingestPort(), "command line");
        // keys set in one layer only survive the layers above
        assertTrue(all.demo(), "launcher default");
        assertEquals(7, all.maxStreams(), "from the file");
        assertEquals(9, all.maxViewersPerStream(), "from the environment");
        assertEquals(5, all.demoFps(), "from a system property");
        assertEquals(8080, all.httpPort(), "built-in default");
    }

    @Test
    void cliBeatsEnvironmentEvenWhenGivenBeforeTheConfigFile() throws IOException {
        Path file = file("http.port=9001\n");
        RelayConfig c =
                ConfigLoader.load(
                        NO_LAUNCHER,
                        Map.of("CAMRELAY_HTTP_PORT", "9002"),
                        new Properties(),
                        new String[] {"--http.port=9003", "--config=" + file});
        assertEquals(9003, c.httpPort());
    }

    @Test
    void configFileFromTheEnvironment() throws IOException {
        Path file = file("demo.cameras=2\n");
        RelayConfig c =
                ConfigLoader.load(
                        NO_LAUNCHER,
                        Map.of("CAMRELAY_CONFIG", file.toString()),
                        new Properties(),
                        new String[0]);
        assertEquals(2, c.demoCameras());
    }

    @Test
    void sendBufferIsZeroForTheOsOrABoundedSize() {
        assertEquals(0, load().httpSendBuffer(), "the OS's auto-tuning by default");
        assertEquals(262144, load("--http.send.buffer=262144").httpSendBuffer());
        assertMentions(fails("--http.send.buffer=100"), "http.send.buffer", "100", "auto-tuning");
        assertMentions(fails("--http.send.buffer=-1"), "http.send.buffer", "-1");
    }

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "750, 750", "' 3s ', 3000"})
    void durations(String value, long millis) {
        Map<String, String> env = new HashMap<>();
        env.put("CAMRELAY_OFFLINE_GRACE", value);
        RelayConfig c =
                ConfigLoader.load(
                        NO_LAUNCHER,
                        env,
                        new Properties(),
                        new String[] {"--handshake.timeout=" + value.strip()});
        assertEquals(Duration.ofMillis(millis), c.handshakeTimeout());
        assertEquals(Duration.ofMillis(millis), c.offlineGrace());
    }

    @Test
    void integersAndBooleans() {
        RelayConfig c =
                load(
                        "--demo=TRUE",
                        "--demo.cameras=0",
                        "--http.port=0",
                        "--max.frame.bytes=1024",
                        "--ingest.host=127.0.0.1");
        assertTrue(c.demo());
        assertEquals(0, c.demoCameras());
        assertEquals(0, c.httpPort());
        assertEquals(1024, c.maxFrameBytes());
        assertEquals("127.0.0.1", c.ingestHost());
        assertFalse(load("--demo=false").demo());
    }

    @Test
    void portOutOfRangeNamesKeyAndValue() {
        assertMentions(fails("--ingest.port=70000"), "ingest.port", "70000");
        assertMentions(fails("--http.port=-1"), "http.port", "-1");
    }

    @Test
    void notANumberNamesKeyAndValue() {
        assertMentions(fails("--ingest.port=abc"), "ingest.port", "abc");
        assertMentions(fails("--max.streams=1.5"), "max.streams", "1.5");
    }

    @Test
    void badBooleanNamesKeyAndValue() {
        assertMentions(fails("--demo=maybe"), "demo", "maybe");
    }

    @Test
    void badDurationsNameKeyAndValue() {
        assertMentions(fails("--handshake.timeout=abc"), "handshake.timeout", "abc");
        assertMentions(fails("--handshake.timeout=5x"), "handshake.timeout", "5x");
        assertMentions(fails("--offline.grace=-5s"), "offline.grace", "-5s");
        assertMentions(fails("--mjpeg.repeat=0s"), "mjpeg.repeat");
    }

    @Test
    void durationWithMoreDigitsThanALongIsAConfigErrorNamingKeyAndValue() {
        assertMentions(
                fails("--handshake.timeout=99999999999999999999"),
                "handshake.timeout",
                "99999999999999999999");
    }

    @Test
    void durationBeyondDurationsRangeIsAConfigErrorNamingKeyAndValue() {
        assertMentions(
                fails("--offline.grace=9223372036854775807m"),
                "offline.grace",
                "9223372036854775807m");
    }

    @Test
    void integerWithMoreDigitsThanAnIntIsAConfigError() {
        assertMentions(fails("--max.streams=99999999999"), "max.streams", "99999999999");
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertMentions(fails("--max.frame.bytes=1023"), "max.frame.bytes", "1023");
        assertMentions(fails("--demo.fps=0"), "demo.fps", "0");
        assertMentions(fails("--max.viewers=0"), "max.viewers", "0");
        assertMentions(fails("--ingest.host= "), "ingest.host");
    }

    @Test
    void badValueFromTheEnvironmentNamesKeyAndValue() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ConfigLoader.load(
                                        NO_LAUNCHER,
                                        Map.of("CAMRELAY_INGEST_PORT", "70000"),
                                        new Properties(),
                                        new String[0]));
        assertMentions(e, "ingest.port", "70000");
    }

    @Test
    void unknownCommandLineKeyIsNamed() {
        assertMentions(fails("--nope=1"), "nope");
        assertMentions(fails("--ingest.prot=1"), "ingest.prot");
    }

    @Test
    void argumentsThatAreNotKeyValueAreRejected() {
        assertMentions(fails("ingest.port=1"), "ingest.port=1");
        assertMentions(fails("--demo"), "--demo");
    }

    @Test
    void unknownKeyInTheFileIsNamed() throws IOException {
        Path file = file("ingest.port=1\nbogus.key=3\n");
        assertMentions(fails("--config=" + file), "bogus.key");
    }

    @Test
    void badValueInTheFileNamesKeyAndValue() throws IOException {
        Path file = file("demo=yes\n");
        assertMentions(fails("--config=" + file), "demo", "yes");
    }

    @Test
    void missingConfigFileIsAConfigError() {
        Path missing = dir.resolve("absent.properties");
        assertMentions(fails("--config=" + missing), "absent.properties");
    }

    @Test
    void helpListsEveryKey() {
        String help = ConfigLoader.help();
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(help.contains(key.key()), "help lists " + key.key());
            assertTrue(help.contains(key.envName()), "help lists " + key.envName());
            assertTrue(help.contains(key.description()), "help describes " + key.key());
        }
        assertEquals(
                ConfigKey.values().length + 2,
                help.lines().count(),
                "a heading, one line per key, one for source.*");
    }
}

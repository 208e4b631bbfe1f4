package dev.camrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceKeysTest {
    @TempDir Path dir;

    @Test
    void aCameraInOneLineWithItsSubStreamAndTitle() {
        RelayConfig c =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(),
                        new Properties(),
                        new String[] {
                            "--source.door=rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101",
                            "--source.door.low=rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/102",
                            "--source.door.title=Front door",
                            "--source.yard=rtsp://10.0.0.6/live"
                        });
        assertEquals(
                List.of(
                        new SourceConfig(
                                "door",
                                "rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101",
                                "rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/102",
                                "Front door",
                                false,
                                SourceConfig.DEFAULT_LINGER,
                                false),
                        new SourceConfig(
                                "yard",
                                "rtsp://10.0.0.6/live",
                                "",
                                "yard",
                                false,
                                SourceConfig.DEFAULT_LINGER,
                                false)),
                c.sources());
    }

    @Test
    void layersOverrideAndEnvironmentSecretsComeFromFiles() throws IOException {
        Path file = dir.resolve("camrelay.properties");
        Files.writeString(
                file,
                "source.door=rtsp://file/x\n"
                        + "source.door.title=From file\n"
                        + "source.shed=rtsp://shed/x\n");
        Path secret = dir.resolve("door-url");
        Files.writeString(secret, "rtsp://admin:from-secret@cam/main\n");
        Properties sys = new Properties();
        sys.setProperty("camrelay.source.shed.low", "rtsp://shed/sub");
        RelayConfig c =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "CAMRELAY_SOURCE_DOOR_FILE",
                                secret.toString(),
                                "CAMRELAY_SOURCE_DOOR_LOW",
                                "rtsp://cam/sub"),
                        sys,
                        new String[] {"--config=" + file, "--source.door.title=From flag"});
        assertEquals(
                List.of(
                        new SourceConfig(
                                "door",
                                "rtsp://admin:from-secret@cam/main",
                                "rtsp://cam/sub",
                                "From flag",
                                false,
                                SourceConfig.DEFAULT_LINGER,
                                false),
                        new SourceConfig(
                                "shed",
                                "rtsp://shed/x",
                                "rtsp://shed/sub",
                                "shed",
                                false,
                                SourceConfig.DEFAULT_LINGER,
                                false)),
                c.sources());
    }

    @Test
    void onDemandAndLingerFromFlagsAndEnvironment() {
        RelayConfig c =
                ConfigLoader.load(
                        Map.of(),
                        Map.of("CAMRELAY_SOURCE_GATE_ON_DEMAND", "TRUE"),
                        new Properties(),
                        new String[] {
                            "--source.gate=rtsp://gate/x",
                            "--source.yard=rtsp://yard/x",
                            "--source.yard.on-demand=true",
                            "--source.yard.linger=2m"
                        });
        assertEquals(
                List.of(
                        new SourceConfig(
                                "gate",
                                "rtsp://gate/x",
                                "",
                                "gate",
                                true,
                                Duration.ofSeconds(10),
                                false),
                        new SourceConfig(
                                "yard",
                                "rtsp://yard/x",
                                "",
                                "yard",
                                true,
                                Duration.ofMinutes(2),
                                false)),
                c.sources());
        ConfigException bad =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ConfigLoader.load(
                                        Map.of(),
                                        Map.of(),
                                        new Properties(),
                                        new String[] {
                                            "--source.gate=rtsp://gate/x",
                                            "--source.gate.on-demand=yes"
                                        }));
        assertTrue(bad.getMessage().contains("source.gate.on-demand"), bad.getMessage());
    }

    @Test
    void credentialsNeverShowInTheLoggedConfiguration() {
        RelayConfig c =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(),
                        new Properties(),
                        new String[] {
                            "--source.door=rtsp://admin:hunter2@cam/main",
                            "--source.door.low=rtsp://admin:hunter2@cam/sub"
                        });
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertFalse(c.toString().contains("admin"), c.toString());
        assertTrue(c.toString().contains("rtsp://***@cam/main"), c.toString());
    }

    @Test
    void mistakesFailFastNamingTheKey() {
        assertMessage("source.door.lo", "--source.door.lo=rtsp://cam/x");
        assertMessage("the camera's main URL is missing", "--source.door.low=rtsp://cam/x");
        assertMessage("must be rtsp://", "--source.door=http://cam/x");
        assertMessage("percent-encode", "--source.door=rtsp://admin:a b@cam/x");
        assertMessage("stream name", "--source.do*or=rtsp://cam/x");
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> load("--source.door=http://admin:hunter2@cam/x"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    private static RelayConfig load(String... args) {
        return ConfigLoader.load(Map.of(), Map.of(), new Properties(), args);
    }

    private static void assertMessage(String expected, String... args) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should say " + expected);
    }
}

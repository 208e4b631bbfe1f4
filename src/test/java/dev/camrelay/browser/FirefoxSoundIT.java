package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.it.GstRtspServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pulled camera with AAC (GStreamer's RTSP server) on an MSE tile in Firefox ESR, driven by
 * src/test/firefox/firefox-sound.mjs: fullscreen plays it with sound present and muted, and the
 * tile's sound control unmutes it while it goes on playing.
 */
class FirefoxSoundIT {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Path SCRIPT = Path.of("src/test/firefox/firefox-sound.mjs");

    @Test
    void anMseTileWithSoundUnmutesInFirefox() throws Exception {
        Path basedir = Path.of(System.getProperty("basedir", "."));
        if (!Files.isExecutable(FIREFOX)
                || !Files.isDirectory(basedir.resolve("node_modules/puppeteer-core"))) {
            fail("Firefox ESR and puppeteer-core are required: apt-get install -y firefox-esr");
        }
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                EmbeddedServer server =
                        HeadlessChromium.demoServer(1, "--source.door=" + camera.url("/main"))) {
            Path log = Files.createTempFile("camrelay-firefox-sound", ".log");
            Process node =
                    new ProcessBuilder(
                                    "node",
                                    SCRIPT.toString(),
                                    "http://127.0.0.1:" + server.httpPort() + "/",
                                    "door")
                            .directory(basedir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            boolean finished = node.waitFor(3, TimeUnit.MINUTES);
            if (!finished) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            assertTrue(finished, "the Firefox check finished within 3 minutes: " + output);
            System.out.print(output);
            assertEquals(0, node.exitValue(), "the sound steps in Firefox:\n" + output);
            assertEquals(2, output.lines().filter(line -> line.startsWith("ok ")).count(), output);
        }
    }
}

package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Firefox ESR, driven over WebDriver BiDi by puppeteer-core
 * (src/test/firefox/firefox-dashboard.mjs): the MJPEG, WebCodecs and MSE tiles of the demo cameras
 * each paint a picture that keeps changing.
 */
class FirefoxDashboardIT {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Path SCRIPT = Path.of("src/test/firefox/firefox-dashboard.mjs");

    private static EmbeddedServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = HeadlessChromium.demoServer(1);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mjpegWebCodecsAndMseTilesPaintInFirefox() throws Exception {
        Path basedir = Path.of(System.getProperty("basedir", "."));
        if (!Files.isExecutable(FIREFOX)
                || !Files.isDirectory(basedir.resolve("node_modules/puppeteer-core"))) {
            fail(
                    "Firefox ESR and puppeteer-core are required for this test: apt-get install -y firefox-esr, "
                            + "and npm ci (the build runs it)");
        }
        Path log = Files.createTempFile("camrelay-firefox", ".log");
        Process node =
                new ProcessBuilder(
                                "node",
                                SCRIPT.toString(),
                                "http://127.0.0.1:" + server.httpPort() + "/")
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
        assertEquals(0, node.exitValue(), "every tile painted in Firefox:\n" + output);
        assertEquals(3, output.lines().filter(line -> line.startsWith("ok ")).count(), output);
    }
}

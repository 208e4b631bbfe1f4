package dev.camrelay.browser;

import static dev.camrelay.browser.MjpegImgBrowserIT.camera;
import static dev.camrelay.browser.MjpegImgBrowserIT.close;
import static dev.camrelay.browser.MjpegImgBrowserIT.sendJpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import java.awt.Color;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same check as {@link MjpegImgBrowserIT} in Firefox ESR, driven over WebDriver BiDi by
 * puppeteer-core (src/test/firefox/img-colour.mjs, which prints the painted centre pixel whenever
 * it changes). Firefox also paints a part whose end it knows from Content-Length; this guards that
 * parts without one paint at once there too. Needs {@code apt-get install -y firefox-esr}, node and
 * the project's npm packages (the build's {@code npm ci} installs puppeteer-core).
 */
class MjpegImgFirefoxIT {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Path SCRIPT_DIR =
            Path.of(System.getProperty("basedir", "."), "src", "test", "firefox");

    /** Firefox takes tens of seconds to start on a busy 2-core box. */
    private static final long START_SECONDS = 180;

    private static final long PAINT_SECONDS = 30;

    @Test
    void eachJpegIsPaintedBeforeTheNextIsSent() throws Exception {
        assertTrue(
                Files.isExecutable(FIREFOX),
                "Firefox ESR is required: apt-get install -y firefox-esr");
        try (EmbeddedServer server =
                        EmbeddedServer.start(
                                ConfigLoader.load(
                                        Map.of(),
                                        Map.of(),
                                        new Properties(),
                                        new String[] {
                                            "--http.port=0",
                                            "--ingest.port=0",
                                            "--ingest.host=127.0.0.1",
                                            "--mjpeg.repeat=10m",
                                            "--camera.idle.timeout=10m"
                                        }));
                Socket camera = camera(server.ingestPort(), "ffpaint")) {
            sendJpeg(camera, Color.RED);
            String base = "http://127.0.0.1:" + server.httpPort();
            Process node =
                    new ProcessBuilder(
                                    "node",
                                    "img-colour.mjs",
                                    base + "/readyz",
                                    base + "/mjpeg/ffpaint")
                            .directory(SCRIPT_DIR.toFile())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader =
                    new Thread(
                            () -> {
                                try (BufferedReader in =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        node.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    for (String line = in.readLine();
                                            line != null;
                                            line = in.readLine()) {
                                        lines.add(line);
                                    }
                                } catch (Exception e) {
                                    lines.add("error " + e);
                                }
                                lines.add("exit");
                            },
                            "firefox-probe-output");
            reader.start();
            try {
                assertEquals(
                        "ready",
                        lines.poll(START_SECONDS, TimeUnit.SECONDS),
                        "Firefox opened the page");
                awaitColour(lines, Color.RED, "the first JPEG, with nothing after it");
                for (Color next : List.of(Color.BLUE, Color.GREEN, Color.RED)) {
                    sendJpeg(camera, next);
                    awaitColour(lines, next, "the next JPEG, " + next + ", with nothing after it");
                }
            } finally {
                node.getOutputStream().close();
                if (!node.waitFor(30, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
        }
    }

    private static void awaitColour(BlockingQueue<String> lines, Color colour, String context)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PAINT_SECONDS);
        String line;
        do {
            line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("exit") || line.startsWith("error")) {
                fail(context + ": not painted in Firefox (" + line + ")");
            }
        } while (!close(line.substring(line.indexOf(' ') + 1), colour));
    }
}

package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.frames;
import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The README's jsmpeg recipe, low-delay encoder flags included, pushed by Debian's ffmpeg over
 * HTTP: jsmpeg in headless Chromium plays what the encoder makes with them.
 */
class TsLowDelayBrowserIT {
    private static final String TILE = "lowdelay";

    @Test
    void jsmpegPlaysTheReadmeRecipeWithLowDelayFlags() throws Exception {
        try (EmbeddedServer server =
                        EmbeddedServer.start(
                                ConfigLoader.load(
                                        Map.of(),
                                        Map.of(),
                                        new Properties(),
                                        new String[] {
                                            "--http.port=0",
                                            "--ingest.port=0",
                                            "--ingest.host=127.0.0.1"
                                        }));
                HeadlessChromium chromium = HeadlessChromium.start()) {
            // the README's command, with a test source in place of input.mp4
            Process ffmpeg =
                    new ProcessBuilder(
                                    "ffmpeg",
                                    "-hide_banner",
                                    "-loglevel",
                                    "error",
                                    "-re",
                                    "-f",
                                    "lavfi",
                                    "-i",
                                    "testsrc=size=320x240:rate=25",
                                    "-f",
                                    "lavfi",
                                    "-i",
                                    "sine=frequency=440",
                                    "-t",
                                    "120",
                                    "-f",
                                    "mpegts",
                                    "-codec:v",
                                    "mpeg1video",
                                    "-bf",
                                    "0",
                                    "-flags",
                                    "low_delay",
                                    "-strict",
                                    "unofficial",
                                    "-b:v",
                                    "1000k",
                                    "-codec:a",
                                    "mp2",
                                    "http://127.0.0.1:" + server.httpPort() + "/ingest/" + TILE)
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            try {
                chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
                AtomicReference<Map<String, Object>> first = new AtomicReference<>();
                chromium.waiting()
                        .withMessage(
                                () ->
                                        TILE
                                                + " not painted by jsmpeg: "
                                                + chromium.sampleTiles().get(TILE))
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    first.set(t);
                                    return painted(t) && "jsmpeg".equals(t.get("decoder"));
                                });
                chromium.waiting()
                        .withMessage(() -> TILE + " stopped after " + first.get())
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    return painted(t)
                                            && frames(t) >= frames(first.get()) + 20
                                            && !t.get("hash").equals(first.get().get("hash"));
                                });
                assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
            } finally {
                ffmpeg.destroyForcibly();
            }
        }
    }
}

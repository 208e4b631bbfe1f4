package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.it.GstRtspServer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The dashboard with cameras pulled from GStreamer's RTSP server: the camera with the right
 * password paints a moving picture; the one with a wrong password shows its title and why it is
 * dark.
 */
class RtspBrowserIT {
    private static final String TILE_TEXT =
            "const t = document.querySelector('#grid [data-stream=\"locked\"]');"
                    + " return t ? [t.dataset.sourceState || '',"
                    + " t.querySelector('.name').textContent,"
                    + " t.querySelector('.placeholder').textContent,"
                    + " t.querySelector('.badge').textContent] : null;";

    @Test
    void aPulledCameraPaintsAndARefusedOneSaysUnauthorized() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, "digest")) {
            EmbeddedServer server =
                    EmbeddedServer.start(
                            ConfigLoader.load(
                                    Map.of(),
                                    Map.of(),
                                    new Properties(),
                                    new String[] {
                                        "--http.port=0",
                                        "--ingest.port=0",
                                        "--ingest.host=127.0.0.1",
                                        "--source.cam=" + camera.url("admin:secret", "/main"),
                                        "--source.locked=" + camera.url("admin:wrong", "/main"),
                                        "--source.locked.title=Back gate"
                                    }));
            HeadlessChromium chromium = null;
            try {
                chromium = HeadlessChromium.start();
                HeadlessChromium browser = chromium;
                browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
                AtomicReference<Object> last = new AtomicReference<>();
                Map<String, Object> first =
                        browser.waiting()
                                .withMessage(() -> "the pulled tile never painted: " + last.get())
                                .until(
                                        d -> {
                                            Map<String, Object> cam =
                                                    browser.sampleTiles().get("cam");
                                            last.set(cam);
                                            return HeadlessChromium.painted(cam) ? cam : null;
                                        });
                browser.waiting()
                        .withMessage(() -> "the pulled tile's picture never changed: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> cam = browser.sampleTiles().get("cam");
                                    last.set(cam);
                                    return HeadlessChromium.painted(cam)
                                            && !cam.get("hash").equals(first.get("hash"));
                                });
                assertEquals("h264", first.get("format"));

                List<?> locked =
                        browser.waiting()
                                .withMessage(() -> "the refused tile: " + last.get())
                                .until(
                                        d -> {
                                            Object row = browser.driver().executeScript(TILE_TEXT);
                                            last.set(row);
                                            return row instanceof List<?> l
                                                            && "unauthorized".equals(l.get(0))
                                                    ? l
                                                    : null;
                                        });
                assertEquals("Back gate", locked.get(1), "the tile shows the title");
                assertTrue(
                        String.valueOf(locked.get(2)).startsWith("unauthorized: ")
                                && String.valueOf(locked.get(2)).contains("401"),
                        "the tile says why: " + locked);
                assertEquals("unauthorized", locked.get(3), "the badge: " + locked);
                String page = browser.driver().getPageSource();
                assertTrue(
                        !page.contains("secret") && !page.contains("wrong"),
                        "no credentials on the page");
                assertEquals(List.of(), browser.pageErrors(), "no page errors");
            } finally {
                HeadlessChromium.stopBoth(chromium, server);
            }
        }
    }
}

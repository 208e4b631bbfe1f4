package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Opens the dashboard in headless Chromium against a 12-camera demo relay and proves that every
 * tile's canvas shows a moving picture: the 12 MJPEG demo cameras, and the H.264 and MPEG-TS demo
 * cameras too when the relay's demo mode has them.
 */
class DashboardBrowserIT {
    private static final int CAMERAS = 12;

    /** Formats the dashboard paints; anything else shows a "not supported yet" placeholder. */
    private static final Set<String> PAINTED_FORMATS = Set.of("mjpeg", "h264", "ts");

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(CAMERAS, "--demo.fps=10");
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    void everyTileShowsTheStreamNameAndAMovingPicture() throws IOException {
        long started = System.nanoTime();
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/");

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= CAMERAS; i++) {
            expected.add("demo" + i);
        }
        AtomicReference<Object> last = new AtomicReference<>();
        chromium.waiting()
                .withMessage(() -> "expected tiles " + expected + ", page has " + last.get())
                .until(
                        d -> {
                            List<String> names = chromium.tileNames();
                            last.set(names);
                            return names.containsAll(expected);
                        });

        Map<String, Map<String, Object>> tiles = tileFacts();
        List<String> mjpeg =
                tiles.values().stream()
                        .filter(t -> "mjpeg".equals(t.get("format")))
                        .map(t -> (String) t.get("name"))
                        .toList();
        assertEquals(expected, mjpeg, "one MJPEG tile per demo camera, in natural order");
        // Few WebDriver round-trips: on a busy machine each one can cost half a second.
        List<String> visibleLines =
                List.of(chromium.driver().findElement(By.id("grid")).getText().split("\\R"));
        List<String> missing =
                tiles.keySet().stream().filter(n -> !visibleLines.contains(n)).toList();
        assertEquals(
                List.of(),
                missing,
                "stream names not visible on the page; grid text: " + visibleLines);
        Set<String> videoTiles = new LinkedHashSet<>(tiles.keySet());
        videoTiles.removeIf(n -> !PAINTED_FORMATS.contains(tiles.get(n).get("format")));
        for (Map<String, Object> t : tiles.values()) {
            assertEquals(t.get("name"), t.get("label"), t.get("name") + " tile's name label");
            if (videoTiles.contains(t.get("name"))) {
                assertEquals(
                        Boolean.TRUE,
                        t.get("shown"),
                        t.get("name") + " tile has a size and lies inside the page: " + t);
            }
        }
        String count = chromium.driver().findElement(By.id("count")).getText();
        assertTrue(
                count.startsWith(tiles.size() + " streams"), "header counts the streams: " + count);

        // Every canvas has been painted with a real (non-uniform) picture...
        Map<String, Map<String, Object>> first =
                chromium.waiting()
                        .withMessage(() -> "not every tile painted a picture: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Map<String, Object>> s = chromium.sampleTiles();
                                    last.set(s);
                                    s.keySet().retainAll(videoTiles);
                                    boolean ok =
                                            s.keySet().equals(videoTiles)
                                                    && s.values().stream()
                                                            .allMatch(HeadlessChromium::painted);
                                    return ok ? s : null;
                                });
        long firstPaintMs = (System.nanoTime() - started) / 1_000_000;

        // ...and every canvas then changes: the video moves.
        Map<String, Map<String, Object>> moved =
                chromium.waiting()
                        .withMessage(
                                () ->
                                        "not every tile changed after the first sample "
                                                + first
                                                + "; now "
                                                + last.get())
                        .until(
                                d -> {
                                    Map<String, Map<String, Object>> s = chromium.sampleTiles();
                                    last.set(s);
                                    s.keySet().retainAll(videoTiles);
                                    boolean ok =
                                            s.keySet().equals(first.keySet())
                                                    && s.entrySet().stream()
                                                            .allMatch(
                                                                    e ->
                                                                            painted(e.getValue())
                                                                                    && !e.getValue()
                                                                                            .get(
                                                                                                    "hash")
                                                                                            .equals(
                                                                                                    first.get(
                                                                                                                    e
                                                                                                                            .getKey())
                                                                                                            .get(
                                                                                                                    "hash")));
                                    return ok ? s : null;
                                });
        assertEquals(videoTiles.size(), moved.size());
        long movedMs = (System.nanoTime() - started) / 1_000_000;

        Path png = chromium.screenshot("dashboard.png");
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");

        System.out.printf(
                "dashboard: %d tiles painted after %d ms, all moving after %d ms; frames %s; screenshot %s%n",
                moved.size(), firstPaintMs, movedMs, framesByTile(moved), png);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tileFacts() {
        List<Map<String, Object>> rows =
                (List<Map<String, Object>>)
                        chromium.driver()
                                .executeScript(
                                        """
                return Array.from(document.querySelectorAll('#grid [data-stream]')).map(t => {
                  const r = t.getBoundingClientRect(), c = t.querySelector('canvas').getBoundingClientRect();
                  return {name: t.dataset.stream, format: t.dataset.format, label: t.querySelector('.name').textContent,
                          shown: r.width > 100 && c.height > 50 && r.left >= 0 && r.right <= innerWidth + 1
                                 && getComputedStyle(t).visibility === 'visible'};
                });""");
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            byName.put((String) row.get("name"), row);
        }
        return byName;
    }

    private static Map<String, Object> framesByTile(Map<String, Map<String, Object>> sample) {
        Map<String, Object> frames = new LinkedHashMap<>();
        sample.forEach((name, row) -> frames.put(name, row.get("frames")));
        return frames;
    }
}

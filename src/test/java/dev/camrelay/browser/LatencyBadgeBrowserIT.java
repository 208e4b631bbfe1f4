package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The latency badge in headless Chromium: a tile opened fullscreen shows a latency switch; once on,
 * the MJPEG (WebSocket) and H.264 (WebCodecs) tiles show a plausible relay-to-screen figure, the
 * relay lists the page's report in /api/streams, and jsmpeg, which cannot tie a picture to its
 * message, says so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LatencyBadgeBrowserIT {
    /** Far above any real figure, far below a broken clock offset (hours or decades). */
    private static final double PLAUSIBLE_MS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(1, "--demo.fps=15");
        chromium = HeadlessChromium.start();
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    private static WebElement tile(String name) {
        return chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']"));
    }

    private static long frames(WebElement tile) {
        return Long.parseLong(tile.getAttribute("data-frames"));
    }

    /**
     * The badge's figure once the tile has painted this many more pictures: past a join's burst of
     * older frames (the H.264 join sends the picture group since its keyframe), at steady state.
     */
    private static double figureAfter(WebElement tile, long morePictures) {
        long target = frames(tile) + morePictures;
        chromium.waiting()
                .withMessage(() -> morePictures + " more pictures painted")
                .until(d -> frames(tile) >= target);
        return badgeFigure(tile);
    }

    /** Opens the tile fullscreen once it has painted, and waits for full mode. */
    private static WebElement openFullscreen(String name) {
        chromium.waiting()
                .withMessage(() -> name + " painted in the grid")
                .until(d -> frames(tile(name)) > 0);
        WebElement tile = tile(name);
        tile.click();
        chromium.waiting()
                .withMessage(() -> name + " in full mode")
                .until(d -> "full".equals(tile.getAttribute("data-mode")));
        return tile;
    }

    private static void closeFullscreen(WebElement tile) {
        tile.click();
        chromium.waiting()
                .withMessage(() -> "back to the grid")
                .until(d -> "thumbnail".equals(tile.getAttribute("data-mode")));
    }

    /** Waits for the badge's figure and checks it is plausible. */
    private static double badgeFigure(WebElement tile) {
        AtomicReference<String> last = new AtomicReference<>();
        String shown =
                chromium.waiting()
                        .withMessage(() -> "a latency figure on the badge; last " + last.get())
                        .until(
                                d -> {
                                    last.set(
                                            tile.findElement(By.className("latency-badge"))
                                                    .getText());
                                    return tile.getAttribute("data-latency-ms");
                                });
        double ms = Double.parseDouble(shown);
        assertTrue(Double.isFinite(ms) && ms >= 0 && ms < PLAUSIBLE_MS, "badge shows " + ms);
        assertTrue(
                tile.findElement(By.className("latency-badge")).getText().endsWith(" ms"),
                "the badge reads as milliseconds");
        return ms;
    }

    private static JsonNode stream(String name) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + server.httpPort()
                                                        + "/api/streams"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (JsonNode s : JSON.readTree(response.body()).get("streams")) {
            if (name.equals(s.get("name").asText()) && "high".equals(s.get("quality").asText())) {
                return s;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void mjpegTileShowsItsLatencyAndTheRelayListsTheReport() throws Exception {
        WebElement tile = openFullscreen("demo1");
        WebElement toggle = tile.findElement(By.className("latency-toggle"));
        assertEquals("off", tile.getAttribute("data-latency"), "off until switched on");
        assertFalse(tile.findElement(By.className("latency-badge")).isDisplayed());
        toggle.click();
        assertEquals("true", toggle.getAttribute("aria-checked"));
        assertEquals("full", tile.getAttribute("data-mode"), "the switch keeps fullscreen");
        double ms = badgeFigure(tile);
        System.out.println(
                "MJPEG over WebSocket badge: first " + ms + " ms, later " + figureAfter(tile, 60));
        System.out.println("screenshot: " + chromium.screenshot("latency-badge.png"));

        // the page reports every 10 s on its WebSocket; the relay lists what it heard
        AtomicReference<JsonNode> reported = new AtomicReference<>();
        chromium.waiting()
                .withTimeout(Duration.ofSeconds(45))
                .withMessage(() -> "viewerLatency in /api/streams; last " + reported.get())
                .until(
                        d -> {
                            try {
                                JsonNode s = stream("demo1");
                                reported.set(s);
                                return s != null && s.has("viewerLatency");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        JsonNode latency = reported.get().get("viewerLatency");
        assertEquals(1, latency.get("viewers").asInt(), latency.toString());
        double p50 = latency.get("medianP50Ms").asDouble();
        assertTrue(p50 >= 0 && p50 < PLAUSIBLE_MS, "reported p50 " + p50);
        assertEquals(0, latency.get("rejected").asInt(), latency.toString());
        closeFullscreen(tile);
        assertEquals("off", tile.getAttribute("data-latency"), "no badge in the grid");
    }

    @Test
    @Order(2)
    void webCodecsTileShowsItsLatency() {
        WebElement tile = openFullscreen("demo-h264");
        assertEquals("WebCodecs", tile.getAttribute("data-decoder"));
        assertEquals("on", tile.getAttribute("data-latency"), "the switch stays on");
        double ms = badgeFigure(tile);
        System.out.println(
                "H.264 WebCodecs badge: first " + ms + " ms, later " + figureAfter(tile, 60));
        closeFullscreen(tile);
    }

    @Test
    @Order(3)
    void jsmpegTileSaysItCannotMeasure() {
        WebElement tile = openFullscreen("demo-ts");
        chromium.waiting()
                .withMessage(() -> "the TS badge says n/a")
                .until(
                        d ->
                                "latency n/a"
                                        .equals(
                                                tile.findElement(By.className("latency-badge"))
                                                        .getText()
                                                        .toLowerCase(Locale.ROOT)));
        assertEquals(null, tile.getAttribute("data-latency-ms"));
        closeFullscreen(tile);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }
}

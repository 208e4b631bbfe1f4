package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.frames;
import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The H.264 demo camera in the dashboard forced onto Media Source Extensions ({@code
 * ?decoder=mse}): the relay sends fMP4, the tile plays it in a {@code <video>}, says "MSE", and its
 * picture has the stream's size, is colourful and keeps changing; opened fullscreen it plays every
 * picture (not only keyframes); the video stays near the live edge of what it has buffered.
 */
class MseBrowserIT {
    private static final String TILE = "demo-h264";

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(1);
        chromium = HeadlessChromium.start();
        chromium.driver()
                .executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument",
                        Map.of("source", GridProbe.SOCKET_RECORDER));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    void anMseTilePaintsTheH264DemoCamera() throws Exception {
        long started = System.nanoTime();
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/?decoder=mse");
        AtomicReference<Object> last = new AtomicReference<>();

        Map<String, Object> first =
                chromium.waiting()
                        .withMessage(() -> TILE + " did not paint with MSE: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    last.set(t);
                                    return t != null && "MSE".equals(t.get("decoder")) && painted(t)
                                            ? t
                                            : null;
                                });
        long firstPaintMs = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> moved =
                chromium.waiting()
                        .withMessage(
                                () ->
                                        TILE
                                                + " did not change after "
                                                + first
                                                + "; now "
                                                + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    last.set(t);
                                    return painted(t)
                                                    && frames(t) > frames(first)
                                                    && !t.get("hash").equals(first.get("hash"))
                                            ? t
                                            : null;
                                });

        long movedMs = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> video = videoFacts();
        assertEquals(320L, moved.get("w"), "the video has the stream's width: " + moved);
        assertEquals(240L, moved.get("h"), "the video has the stream's height: " + moved);
        assertTrue(
                ((Number) moved.get("colourful")).doubleValue() > 0.1,
                "a colourful test pattern: " + moved);
        assertEquals("video", video.get("element"), "an MSE tile shows a <video>: " + video);
        assertEquals(Boolean.TRUE, video.get("muted"), "muted by default: " + video);
        assertTrue(
                ((Number) video.get("lag")).doubleValue() < 2.0,
                "plays near the buffered end: " + video);
        assertTrue(
                String.valueOf(video.get("src")).startsWith("blob:"),
                "fed by a MediaSource: " + video);

        // Fullscreen: quality=auto at the camera's full rate, so P-pictures too, not only
        // keyframes.
        chromium.driver()
                .findElement(By.cssSelector("#grid [data-stream=\"" + TILE + "\"]"))
                .click();
        long before = frames(moved);
        Map<String, Object> full =
                chromium.waiting()
                        .withMessage(
                                () ->
                                        TILE
                                                + " in fullscreen did not play 30 more pictures: "
                                                + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    Map<String, Object> v = videoFacts();
                                    last.set(List.of(t, v));
                                    return "full".equals(v.get("mode"))
                                                    && String.valueOf(v.get("ws"))
                                                            .contains("quality=auto")
                                                    && painted(t)
                                                    && frames(t) >= before + 30
                                            ? v
                                            : null;
                                });
        assertTrue(
                String.valueOf(full.get("ws")).contains("format=fmp4"),
                "the tile asks for fMP4: " + full);
        assertTrue(
                ((Number) full.get("lag")).doubleValue() < 2.0,
                "plays near the buffered end: " + full);

        Path png = chromium.screenshot("h264-mse.png");
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.printf(
                "h264 MSE: painted after %d ms, moving after %d ms; fullscreen %s; screenshot %s%n",
                firstPaintMs, movedMs, full, png);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> videoFacts() {
        return (Map<String, Object>)
                chromium.driver()
                        .executeScript(
                                """
                const v = document.querySelector('#grid [data-stream="demo-h264"] video');
                if (!v) return {element: 'none'};
                const b = v.buffered;
                const t = document.querySelector('#grid [data-stream="demo-h264"]');
                const mine = (window.__sockets || []).filter(s => s.url.includes('/ws/demo-h264'));
                const ws = mine.length ? mine[mine.length - 1].url : '';
                return {element: 'video', muted: v.muted, src: v.src, paused: v.paused, mode: t.dataset.mode, ws: ws,
                        lag: b.length ? b.end(b.length - 1) - v.currentTime : -1,
                        buffered: b.length ? b.end(b.length - 1) - b.start(0) : 0};""");
    }
}

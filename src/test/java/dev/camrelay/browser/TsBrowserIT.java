package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.frames;
import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The MPEG-TS demo camera (MPEG-1 video) in the dashboard, decoded by jsmpeg in headless Chromium:
 * first as a single tile (WebGL when the browser has it), then with {@code ?webgl=0} (Canvas2D,
 * what tiles beyond the page's WebGL budget use). The tile must say it uses jsmpeg, show a moving,
 * colourful picture of the stream's size, and keep playing in fullscreen.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TsBrowserIT {
    private static final String TILE = "demo-ts";

    /** The demo camera's clip (DemoCameras: testsrc2, 320x240 MPEG-1). */
    private static final int CLIP_WIDTH = 320;

    private static final int CLIP_HEIGHT = 240;
    private static final long PLAYING_FRAMES = 20;

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(1);
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    @Order(1)
    void jsmpegPaintsTheTsDemoCameraAndKeepsPlayingInFullscreen() throws IOException {
        Map<String, Object> facts = decodeAndCheck("/", "ts-jsmpeg.png");
        Object webgl =
                chromium.driver()
                        .executeScript(
                                """
                const gl = document.createElement('canvas').getContext('webgl');
                const lose = gl && gl.getExtension('WEBGL_lose_context');
                if (lose) lose.loseContext();
                return !!gl;""");
        String expected = Boolean.TRUE.equals(webgl) ? "webgl" : "2d";
        assertEquals(
                expected,
                facts.get("context"),
                "a single TS tile draws with WebGL when the browser has it: " + facts);

        // It plays (jsmpeg draws one picture per animation frame and the page decodes bursts
        // without
        // drawing them): a run of pictures, not just one now and then. The rate is printed, not
        // asserted.
        long startFrames = framesNow();
        long start = System.nanoTime();
        chromium.waiting()
                .withMessage(
                        () -> TILE + " painted fewer than " + PLAYING_FRAMES + " further pictures")
                .until(d -> framesNow() >= startFrames + PLAYING_FRAMES);
        double seconds = (System.nanoTime() - start) / 1e9;
        double fpsIn =
                ((Number) Objects.requireNonNullElse(tileFacts().get("apiFps"), 0)).doubleValue();
        System.out.printf(
                "ts jsmpeg: %d pictures painted in %.1f s, camera %.1f fps%n",
                PLAYING_FRAMES, seconds, fpsIn);

        // Fullscreen (the tile is a button): still the same decoder, still moving; Esc leaves.
        chromium.driver().findElement(By.cssSelector("#grid [data-stream='" + TILE + "']")).click();
        AtomicReference<Object> last = new AtomicReference<>();
        chromium.waiting()
                .withMessage(() -> TILE + " did not go fullscreen: " + last.get())
                .until(
                        d -> {
                            Map<String, Object> f = tileFacts();
                            last.set(f);
                            return Boolean.TRUE.equals(f.get("fullscreen"));
                        });
        Map<String, Object> before = chromium.sampleTiles().get(TILE);
        chromium.waiting()
                .withMessage(
                        () ->
                                TILE
                                        + " stopped moving in fullscreen after "
                                        + before
                                        + "; now "
                                        + last.get())
                .until(
                        d -> {
                            Map<String, Object> t = chromium.sampleTiles().get(TILE);
                            last.set(t);
                            return painted(t)
                                    && frames(t) >= frames(before) + 3
                                    && !t.get("hash").equals(before.get("hash"));
                        });
        assertEquals(
                "jsmpeg",
                last.get() instanceof Map<?, ?> m ? m.get("decoder") : null,
                "decoder in fullscreen");
        chromium.driver().findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        chromium.waiting()
                .withMessage(() -> TILE + " did not leave fullscreen: " + last.get())
                .until(
                        d -> {
                            Map<String, Object> f = tileFacts();
                            last.set(f);
                            return Boolean.FALSE.equals(f.get("fullscreen"));
                        });
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    @Test
    @Order(2)
    void jsmpegPaintsWithCanvas2dWhenWebglIsOff() throws IOException {
        Map<String, Object> facts = decodeAndCheck("/?webgl=0", "ts-jsmpeg-canvas2d.png");
        assertEquals("2d", facts.get("context"), "?webgl=0 draws with Canvas2D: " + facts);
    }

    private Map<String, Object> decodeAndCheck(String path, String screenshot) throws IOException {
        long started = System.nanoTime();
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + path);
        AtomicReference<Object> last = new AtomicReference<>();

        // The tile appears, says it is MPEG-TS, and is decoded by jsmpeg...
        chromium.waiting()
                .withMessage(
                        () ->
                                TILE
                                        + " tile with format=ts and data-decoder=jsmpeg expected; tiles now "
                                        + last.get())
                .until(
                        d -> {
                            Map<String, Map<String, Object>> s = chromium.sampleTiles();
                            last.set(s);
                            Map<String, Object> t = s.get(TILE);
                            return t != null
                                    && "ts".equals(t.get("format"))
                                    && "jsmpeg".equals(t.get("decoder"));
                        });

        // ...paints a real picture...
        Map<String, Object> first =
                chromium.waiting()
                        .withMessage(
                                () ->
                                        TILE
                                                + " did not paint a picture with jsmpeg: "
                                                + last.get()
                                                + "; page "
                                                + tileFacts())
                        .until(
                                d -> {
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    last.set(t);
                                    return painted(t) ? t : null;
                                });
        long firstPaintMs = (System.nanoTime() - started) / 1_000_000;

        // ...that keeps changing: the video moves.
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

        Map<String, Object> facts = tileFacts();
        // The API may not know a TS stream's size (the relay does not parse MPEG-1 headers): then
        // the clip's.
        assertEquals(
                ((Number) Objects.requireNonNullElse(facts.get("apiWidth"), CLIP_WIDTH))
                        .longValue(),
                ((Number) moved.get("w")).longValue(),
                "canvas width = the stream's width: " + facts);
        assertEquals(
                ((Number) Objects.requireNonNullElse(facts.get("apiHeight"), CLIP_HEIGHT))
                        .longValue(),
                ((Number) moved.get("h")).longValue(),
                "canvas height = the stream's height: " + facts);
        assertTrue(
                ((Number) moved.get("colourful")).doubleValue() > 0.1,
                "a test pattern is mostly saturated colour, not grey or green decoder garbage: "
                        + moved);
        assertEquals("jsmpeg", facts.get("chip"), "the caption names the decoder: " + facts);
        assertEquals(
                Boolean.TRUE, facts.get("chipShown"), "the decoder label is visible: " + facts);
        assertTrue(
                String.valueOf(facts.get("meta")).contains(" fps"),
                "the caption shows the painted fps: " + facts);
        assertEquals("live", facts.get("state"), "the tile's state: " + facts);
        assertEquals(
                Boolean.TRUE,
                facts.get("jsmpegLoaded"),
                "JSMpeg comes from vendor/jsmpeg/jsmpeg-player.umd.min.js: " + facts);

        Path png = chromium.screenshot(screenshot);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.printf(
                "ts jsmpeg (%s): %s painted after %d ms, moving after %d ms; %s frames painted; %s; screenshot %s%n",
                facts.get("context"), TILE, firstPaintMs, movedMs, moved.get("frames"), facts, png);
        return facts;
    }

    private static long framesNow() {
        return ((Number)
                        chromium.driver()
                                .executeScript(
                                        "return Number(document.querySelector('#grid [data-stream=\"demo-ts\"]').dataset.frames)"))
                .longValue();
    }

    /** The tile's caption, state, canvas context type and fullscreen state, plus the API's size. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tileFacts() {
        return (Map<String, Object>)
                chromium.driver()
                        .executeAsyncScript(
                                """
                const done = arguments[arguments.length - 1];
                const t = document.querySelector('#grid [data-stream="demo-ts"]');
                if (!t) { done({tile: 'missing'}); return; }
                const chip = t.querySelector('.decoder');
                const canvas = t.querySelector('canvas');
                fetch('api/streams', {cache: 'no-store'}).then(r => r.json()).then(body => {
                  const s = body.streams.find(x => x.name === 'demo-ts') || {};
                  done({chip: chip.textContent, chipShown: chip.getBoundingClientRect().width > 0,
                        meta: t.querySelector('.meta').textContent, state: t.dataset.state,
                        placeholder: t.querySelector('.placeholder').textContent,
                        apiWidth: s.width, apiHeight: s.height, apiFormat: s.format, apiFps: s.fpsIn,
                        // only once painted: asking an unused canvas for '2d' would take it from jsmpeg
                        context: !t.classList.contains('has-frame') ? 'none' : canvas.getContext('2d') ? '2d' : 'webgl',
                        fullscreen: document.fullscreenElement === t || t.classList.contains('css-fs'),
                        jsmpegLoaded: typeof window.JSMpeg === 'object' && typeof JSMpeg.Player === 'function'
                            && Array.from(document.scripts).some(x => x.src.endsWith('/vendor/jsmpeg/jsmpeg-player.umd.min.js'))});
                }, e => done({error: String(e)}));""");
    }
}

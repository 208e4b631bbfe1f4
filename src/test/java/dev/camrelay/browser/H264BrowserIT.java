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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The H.264 demo camera in the dashboard, decoded in headless Chromium twice: with WebCodecs (the
 * default where the browser has it; 127.0.0.1 is a secure context) and with Broadway ({@code
 * ?decoder=broadway}, the vendor scripts from npm). Each time the tile must say which decoder it
 * uses and its canvas must show a moving, colourful picture of the stream's size.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class H264BrowserIT {
    private static final String TILE = "demo-h264";

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(2);
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    @Order(1)
    void webCodecsPaintsTheH264DemoCamera() throws IOException {
        Map<String, Object> facts = decodeAndCheck("/", "WebCodecs", "h264-webcodecs.png");
        assertEquals(
                Boolean.FALSE,
                facts.get("broadwayLoaded"),
                "Broadway's scripts load only when a tile needs them");
    }

    @Test
    @Order(2)
    void broadwayPaintsTheH264DemoCamera() throws IOException {
        Map<String, Object> facts =
                decodeAndCheck("/?decoder=broadway", "Broadway", "h264-broadway.png");
        assertEquals(
                Boolean.TRUE,
                facts.get("broadwayLoaded"),
                "Broadway's Player from vendor/broadway/ is loaded");
    }

    private Map<String, Object> decodeAndCheck(String path, String decoder, String screenshot)
            throws IOException {
        long started = System.nanoTime();
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + path);
        AtomicReference<Object> last = new AtomicReference<>();

        // The tile appears, says it is H.264, and has picked the expected decoder...
        chromium.waiting()
                .withMessage(
                        () ->
                                TILE
                                        + " tile with data-decoder="
                                        + decoder
                                        + " expected; tiles now "
                                        + last.get())
                .until(
                        d -> {
                            Map<String, Map<String, Object>> s = chromium.sampleTiles();
                            last.set(s);
                            Map<String, Object> t = s.get(TILE);
                            return t != null
                                    && "h264".equals(t.get("format"))
                                    && decoder.equals(t.get("decoder"));
                        });

        // ...paints a real picture of the stream's size...
        Map<String, Object> first =
                chromium.waiting()
                        .withMessage(
                                () ->
                                        TILE
                                                + " did not paint a picture with "
                                                + decoder
                                                + ": "
                                                + last.get())
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
        assertEquals(
                facts.get("apiWidth"),
                moved.get("w"),
                "canvas width = the stream's width: " + facts);
        assertEquals(
                facts.get("apiHeight"),
                moved.get("h"),
                "canvas height = the stream's height: " + facts);
        assertTrue(
                ((Number) moved.get("colourful")).doubleValue() > 0.1,
                "a test pattern is mostly saturated colour, not grey or green decoder garbage: "
                        + moved);
        assertEquals(decoder, facts.get("chip"), "the caption names the decoder: " + facts);
        assertEquals(
                Boolean.TRUE, facts.get("chipShown"), "the decoder label is visible: " + facts);
        assertTrue(
                String.valueOf(facts.get("meta")).contains(" fps"),
                "the caption shows the painted fps: " + facts);
        assertEquals("live", facts.get("state"), "the tile's state: " + facts);

        Path png = chromium.screenshot(screenshot);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.printf(
                "h264 %s: %s painted after %d ms, moving after %d ms; %s frames painted; %s; screenshot %s%n",
                decoder, TILE, firstPaintMs, movedMs, moved.get("frames"), facts, png);
        return facts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tileFacts() {
        return (Map<String, Object>)
                chromium.driver()
                        .executeAsyncScript(
                                """
                const done = arguments[arguments.length - 1];
                const t = document.querySelector('#grid [data-stream="demo-h264"]');
                const chip = t.querySelector('.decoder');
                fetch('api/streams', {cache: 'no-store'}).then(r => r.json()).then(body => {
                  const s = body.streams.find(x => x.name === 'demo-h264') || {};
                  done({chip: chip.textContent, chipShown: chip.getBoundingClientRect().width > 0,
                        meta: t.querySelector('.meta').textContent, state: t.dataset.state,
                        apiWidth: s.width, apiHeight: s.height, codec: s.codec === undefined ? '(absent)' : s.codec,
                        broadwayLoaded: typeof window.Player === 'function'});
                }, e => done({error: String(e)}));""");
    }
}

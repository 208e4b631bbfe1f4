package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.browser.GridProbe.Sample;
import dev.camrelay.browser.GridProbe.Tile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The economical grid (issue 8) in headless Chromium against a 14-camera demo relay (12 MJPEG at
 * 15 fps, H.264 at 10 fps with a keyframe a second, MPEG-TS at 25 fps with a keyframe a second):
 * every tile is a thumbnail that the relay really thins (its own frames-out counters), a tile
 * opened fullscreen switches to quality=auto at the camera's full rate while the tiles behind it
 * unsubscribe, a tile scrolled out of view closes its WebSocket (the relay counts no viewer for
 * it) and comes back when scrolled into view, and a hidden tab holds no WebSocket at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GridBrowserIT {
    private static final int CAMERAS = 12;
    private static final int DEMO_FPS = 15;
    /** tile.js's thumbnail rate. */
    private static final int THUMBNAIL_FPS = 5;
    /** The demo H.264 and TS clips have a keyframe a second: what a keyframes-only thumbnail gets. */
    private static final double KEYFRAMES_PER_SECOND = 1;
    /** Long enough that one frame more or less at either end is a small error. */
    private static final double RATE_WINDOW_SECONDS = 6;
    private static final int WEBSOCKET_CLOSED = 3;
    private static final int WEBSOCKET_OPEN = 1;

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(CAMERAS, "--demo.fps=" + DEMO_FPS);
        chromium = HeadlessChromium.start();
        chromium.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", GridProbe.SOCKET_RECORDER));
        // Tall enough for all 14 tiles (4 columns, 4 rows) until the scroll test makes it small.
        chromium.driver().manage().window().setSize(new Dimension(1440, 1600));
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    @Order(1)
    void everyTileIsAThumbnailThatTheRelayThins() {
        Sample first = until("all 14 tiles on screen, subscribed as thumbnails and painted", s ->
                s.tiles().size() == CAMERAS + 2 && s.tiles().values().stream().allMatch(t ->
                        t.onScreen() && "thumbnail".equals(t.mode()) && t.subscribed()
                                && t.socketState() == WEBSOCKET_OPEN && t.frames() > 0 && t.viewers() == 1));
        for (Tile t : first.tiles().values()) {
            Map<String, String> q = t.query();
            assertEquals(String.valueOf(THUMBNAIL_FPS), q.get("fps"), t.name() + " asks for the thumbnail rate: " + t);
            // the MJPEG demo cameras publish a low rendition too; the H.264 and TS ones only high
            assertEquals("mjpeg".equals(t.format()) ? "low" : "high", q.get("quality"), t.name() + " takes its low rendition when there is one: " + t);
            assertEquals("mjpeg".equals(t.format()) ? null : "only", q.get("keyframes"),
                    t.name() + ": H.264/TS thumbnails take keyframes only: " + t);
        }

        // A measuring window (not a wait for some state): then every counter must show thinning.
        Sample last = until("a " + RATE_WINDOW_SECONDS + " s measuring window",
                s -> s.seconds() - first.seconds() >= RATE_WINDOW_SECONDS);
        List<String> report = new ArrayList<>();
        for (Tile t : last.tiles().values()) {
            double[] rates = GridProbe.rates(first, last, t.name());
            boolean mjpeg = "mjpeg".equals(t.format());
            double cap = (mjpeg ? THUMBNAIL_FPS : KEYFRAMES_PER_SECOND) + 2 / RATE_WINDOW_SECONDS;
            String facts = String.format("%s: relay sent %.1f/s, tile painted %.1f/s, camera %.1f fps in",
                    t.name(), rates[0], rates[1], t.fpsIn());
            report.add(facts);
            assertTrue(t.fpsIn() > 2 * cap, "the camera must run well above the thumbnail rate for this test to mean anything; " + facts);
            assertTrue(rates[0] <= cap, "the relay thins this thumbnail to at most " + cap + "/s; " + facts);
            assertTrue(rates[1] <= cap, "the tile paints at most " + cap + "/s; " + facts);
            assertTrue(rates[0] >= cap / 3, "the relay keeps the thumbnail moving; " + facts);
            // Painting depends on the browser's share of a busy machine: only ask that it moves.
            assertTrue(rates[1] * (last.seconds() - first.seconds()) >= 2, "the tile paints new pictures; " + facts);
        }
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.println("grid thumbnails over " + (last.seconds() - first.seconds()) + " s: " + report);
    }

    @Test
    @Order(2)
    void aTileOpenedFullscreenPlaysAtFullRateAndTheOthersUnsubscribe() {
        String name = "demo1";
        String other = "demo2";
        WebElement tile = chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']"));
        tile.click();
        Sample full = until(name + " in full mode on quality=auto, " + other + " unsubscribed", s -> {
            Tile t = s.tile(name);
            Tile o = s.tile(other);
            return "full".equals(t.mode()) && Map.of("quality", "auto").equals(t.query())
                    && t.socketState() == WEBSOCKET_OPEN && t.viewers() == 1
                    && !o.subscribed() && o.socketState() == WEBSOCKET_CLOSED && o.viewers() == 0;
        });
        double fpsIn = full.tile(name).fpsIn();

        // Full rate: the relay sends, and the tile paints, about every frame the camera makes.
        AtomicReference<Sample> from = new AtomicReference<>(full);
        AtomicReference<String> lastRates = new AtomicReference<>("");
        until(() -> name + " at full rate (relay and painted >= 75% of " + fpsIn + " fps in); last window " + lastRates.get(), s -> {
            if (s.seconds() - from.get().seconds() < 2) {
                return false;
            }
            double[] rates = GridProbe.rates(from.get(), s, name);
            lastRates.set(String.format("relay %.1f/s, painted %.1f/s", rates[0], rates[1]));
            from.set(s);
            return rates[0] >= 0.75 * fpsIn && rates[1] >= 0.75 * fpsIn;
        });
        System.out.println("fullscreen " + name + ": " + lastRates.get() + ", camera " + fpsIn + " fps");

        // "Tap again to exit": back to a thumbnail, and the others subscribe again.
        tile.click();
        until(name + " back to a thumbnail and " + other + " subscribed again", s -> {
            Tile t = s.tile(name);
            Tile o = s.tile(other);
            return "thumbnail".equals(t.mode()) && String.valueOf(THUMBNAIL_FPS).equals(t.query().get("fps"))
                    && t.socketState() == WEBSOCKET_OPEN && t.viewers() == 1
                    && o.subscribed() && o.socketState() == WEBSOCKET_OPEN && o.viewers() == 1;
        });
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    @Test
    @Order(3)
    void aTileScrolledOutOfViewStopsReceivingAndComesBack() {
        chromium.driver().manage().window().setSize(new Dimension(800, 600));
        chromium.driver().executeScript("window.scrollTo(0, 0)");
        // Settled: the page and the relay agree on who is subscribed, and some tiles are not.
        Sample small = until("tiles out of view unsubscribed, and the relay's viewers = subscribed tiles", s ->
                s.subscribedTiles() < s.tiles().size()
                        && s.tiles().values().stream().allMatch(t -> t.viewers() == (t.subscribed() ? 1 : 0)
                                && (t.subscribed() || t.socketState() == WEBSOCKET_CLOSED)));
        Tile away = small.tiles().values().stream().filter(t -> !t.subscribed()).reduce((a, b) -> b).orElseThrow();
        assertTrue(away.top() > away.viewportHeight(), "the unsubscribed tile is out of view: " + away);
        for (Tile t : small.tiles().values()) {
            if (t.onScreen()) {
                assertTrue(t.subscribed(), "a tile on screen stays subscribed: " + t);
            }
        }

        String name = away.name();
        WebElement element = chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']"));
        chromium.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        Sample back = until(name + " subscribed again and painting new frames", s -> {
            Tile t = s.tile(name);
            return t.subscribed() && t.socketState() == WEBSOCKET_OPEN && t.viewers() == 1 && t.frames() > away.frames();
        });
        String top = small.tiles().keySet().iterator().next();
        until(top + " (now scrolled out of view) unsubscribed", s -> !s.tile(top).subscribed() && s.tile(top).viewers() == 0);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.println("scroll: " + small.subscribedTiles() + " of " + small.tiles().size() + " tiles subscribed in a small window; "
                + name + " painted " + away.frames() + " -> " + back.tile(name).frames());
    }

    @Test
    @Order(4)
    void aHiddenTabHoldsNoWebSocket() {
        setHidden(true);
        until("no tile subscribed and no viewer at the relay while the tab is hidden",
                s -> s.subscribedTiles() == 0 && s.serverViewers() == 0);
        setHidden(false);
        until("the tiles in view subscribed again", s -> s.subscribedTiles() > 0 && s.serverViewers() == s.subscribedTiles()
                && s.tiles().values().stream().filter(Tile::onScreen).allMatch(Tile::subscribed));
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    /** Headless Chromium's tab never becomes hidden by itself: make the page believe it is. */
    private static void setHidden(boolean hidden) {
        chromium.driver().executeScript("""
                const hidden = arguments[0];
                Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
                Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => hidden ? 'hidden' : 'visible'});
                document.dispatchEvent(new Event('visibilitychange'));""", hidden);
    }

    private static Sample until(String what, Predicate<Sample> done) {
        return until(() -> what, done);
    }

    /** Polls the page and relay until {@code done} holds (or fails after the helper's timeout, showing the last sample). */
    private static Sample until(Supplier<String> what, Predicate<Sample> done) {
        AtomicReference<Sample> last = new AtomicReference<>();
        return chromium.waiting()
                .withMessage(() -> what.get() + "; last sample " + last.get())
                .until(d -> {
                    Sample s = GridProbe.sample(chromium.driver());
                    last.set(s);
                    return done.test(s) ? s : null;
                });
    }
}

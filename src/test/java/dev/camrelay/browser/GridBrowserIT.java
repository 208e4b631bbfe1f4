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
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.WebElement;

/**
 * The economical grid in headless Chromium against a 14-camera demo relay (12 MJPEG at 15 fps,
 * H.264 at 10 fps with a keyframe a second, MPEG-TS at 25 fps with a keyframe a second): every tile
 * is a thumbnail that the relay really thins (its own frames-out counters), a tile opened
 * fullscreen switches to quality=auto at the camera's full rate while the tiles behind it
 * unsubscribe, a tile scrolled out of view closes its WebSocket (the relay counts no viewer for it)
 * and comes back when scrolled into view, and a hidden tab holds no WebSocket at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GridBrowserIT {
    private static final int CAMERAS = 12;
    private static final int DEMO_FPS = 15;

    /** tile.js's thumbnail rate: a third of the MJPEG demo's. */
    private static final int THUMBNAIL_FPS = 5;

    /**
     * A measuring window: long enough that a thumbnail's share (a third of the MJPEG frames, the
     * keyframes of the H.264 and TS clips, one in 10 and one in 25) stays under half with a frame
     * more or less at either end.
     */
    private static final long WINDOW_FRAMES = 60;

    /** A fullscreen tile is not thinned: it gets, and paints, most of the camera's frames. */
    private static final double FULL_SHARE = 0.75;

    private static final int WEBSOCKET_CLOSED = 3;
    private static final int WEBSOCKET_OPEN = 1;

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = HeadlessChromium.demoServer(CAMERAS, "--demo.fps=" + DEMO_FPS);
        chromium = HeadlessChromium.start();
        chromium.driver()
                .executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument",
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
        Sample first =
                until(
                        "all 14 tiles on screen, subscribed as thumbnails and painted",
                        s ->
                                s.tiles().size() == CAMERAS + 2
                                        && s.tiles().values().stream()
                                                .allMatch(
                                                        t ->
                                                                t.onScreen()
                                                                        && "thumbnail"
                                                                                .equals(t.mode())
                                                                        && t.subscribed()
                                                                        && t.socketState()
                                                                                == WEBSOCKET_OPEN
                                                                        && t.frames() > 0
                                                                        && t.viewers() == 1));
        for (Tile t : first.tiles().values()) {
            Map<String, String> q = t.query();
            assertEquals(
                    String.valueOf(THUMBNAIL_FPS),
                    q.get("fps"),
                    t.name() + " asks for the thumbnail rate: " + t);
            // the MJPEG demo cameras publish a low rendition too; the H.264 and TS ones only high
            assertEquals(
                    "mjpeg".equals(t.format()) ? "low" : "high",
                    q.get("quality"),
                    t.name() + " takes its low rendition when there is one: " + t);
            assertEquals(
                    "mjpeg".equals(t.format()) ? null : "only",
                    q.get("keyframes"),
                    t.name() + ": H.264/TS thumbnails take keyframes only: " + t);
        }

        // A measuring window counted in camera frames, not seconds; then the relay's own counters
        // must show thinning. The cap is wall-clock pacing (ThinnedQueueTest checks its cadence);
        // here it is enough that it held frames back and passed at most every other one.
        Sample last =
                until(
                        "every camera " + WINDOW_FRAMES + " frames further",
                        s ->
                                s.tiles().values().stream()
                                        .allMatch(
                                                t ->
                                                        t.framesIn()
                                                                        - first.tile(t.name())
                                                                                .framesIn()
                                                                >= WINDOW_FRAMES));
        List<String> report = new ArrayList<>();
        for (Tile t : last.tiles().values()) {
            Tile before = first.tile(t.name());
            long in = t.framesIn() - before.framesIn();
            long out = t.framesOut() - before.framesOut();
            long capped = t.rateCapped() - before.rateCapped();
            String facts =
                    String.format(
                            "%s: camera %d frames in, relay sent %d and held back %d for the cap",
                            t.name(), in, out, capped);
            report.add(facts);
            assertTrue(capped > 0, "the relay holds frames back for the thumbnail's cap; " + facts);
            assertTrue(
                    2 * out <= in,
                    "the relay sends a thumbnail at most every other frame; " + facts);
            assertTrue(out > 0, "the relay keeps the thumbnail moving; " + facts);
        }
        // Painting waits for the browser's share of a busy machine: poll until every tile moved on.
        until(
                "every tile painted a new picture",
                s ->
                        s.tiles().values().stream()
                                .allMatch(t -> t.frames() > last.tile(t.name()).frames()));
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.println("grid thumbnails over " + WINDOW_FRAMES + " camera frames: " + report);
    }

    @Test
    @Order(2)
    void aTileOpenedFullscreenPlaysAtFullRateAndTheOthersUnsubscribe() {
        String name = "demo1";
        String other = "demo2";
        WebElement tile =
                chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']"));
        tile.click();
        Sample full =
                until(
                        name + " in full mode on quality=auto, " + other + " unsubscribed",
                        s -> {
                            Tile t = s.tile(name);
                            Tile o = s.tile(other);
                            return "full".equals(t.mode())
                                    && Map.of("quality", "auto").equals(t.query())
                                    && t.socketState() == WEBSOCKET_OPEN
                                    && t.viewers() == 1
                                    && !o.subscribed()
                                    && o.socketState() == WEBSOCKET_CLOSED
                                    && o.viewers() == 0;
                        });

        // Full rate: the relay sends, and the tile paints, most frames the camera makes, counted
        // over
        // windows of camera frames (polled: the browser may need a few on a busy machine).
        AtomicReference<Sample> from = new AtomicReference<>(full);
        AtomicReference<String> lastShares = new AtomicReference<>("");
        until(
                () ->
                        name
                                + " at full rate (relay and painted >= "
                                + FULL_SHARE
                                + " of the frames in); last window "
                                + lastShares.get(),
                s -> {
                    Tile a = from.get().tile(name);
                    Tile b = s.tile(name);
                    long in = b.framesIn() - a.framesIn();
                    if (in < WINDOW_FRAMES / 2) {
                        return false;
                    }
                    long out = b.framesOut() - a.framesOut();
                    long painted = b.frames() - a.frames();
                    lastShares.set(
                            String.format(
                                    "%d frames in, relay sent %d, painted %d", in, out, painted));
                    from.set(s);
                    return out >= FULL_SHARE * in && painted >= FULL_SHARE * in;
                });
        System.out.println("fullscreen " + name + ": " + lastShares.get());

        // "Tap again to exit": back to a thumbnail, and the others subscribe again.
        tile.click();
        until(
                name + " back to a thumbnail and " + other + " subscribed again",
                s -> {
                    Tile t = s.tile(name);
                    Tile o = s.tile(other);
                    return "thumbnail".equals(t.mode())
                            && String.valueOf(THUMBNAIL_FPS).equals(t.query().get("fps"))
                            && t.socketState() == WEBSOCKET_OPEN
                            && t.viewers() == 1
                            && o.subscribed()
                            && o.socketState() == WEBSOCKET_OPEN
                            && o.viewers() == 1;
                });
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    @Test
    @Order(3)
    void aTileScrolledOutOfViewStopsReceivingAndComesBack() {
        chromium.driver().manage().window().setSize(new Dimension(800, 600));
        chromium.driver().executeScript("window.scrollTo(0, 0)");
        // Settled: the page and the relay agree on who is subscribed, and some tiles are not.
        Sample small =
                until(
                        "tiles out of view unsubscribed, and the relay's viewers = subscribed tiles",
                        s ->
                                s.subscribedTiles() < s.tiles().size()
                                        && s.tiles().values().stream()
                                                .allMatch(
                                                        t ->
                                                                t.viewers()
                                                                                == (t.subscribed()
                                                                                        ? 1
                                                                                        : 0)
                                                                        && (t.subscribed()
                                                                                || t.socketState()
                                                                                        == WEBSOCKET_CLOSED)));
        Tile away =
                small.tiles().values().stream()
                        .filter(t -> !t.subscribed())
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertTrue(
                away.top() > away.viewportHeight(),
                "the unsubscribed tile is out of view: " + away);
        for (Tile t : small.tiles().values()) {
            if (t.onScreen()) {
                assertTrue(t.subscribed(), "a tile on screen stays subscribed: " + t);
            }
        }

        String name = away.name();
        WebElement element =
                chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']"));
        chromium.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        Sample back =
                until(
                        name + " subscribed again and painting new frames",
                        s -> {
                            Tile t = s.tile(name);
                            return t.subscribed()
                                    && t.socketState() == WEBSOCKET_OPEN
                                    && t.viewers() == 1
                                    && t.frames() > away.frames();
                        });
        String top = small.tiles().keySet().iterator().next();
        until(
                top + " (now scrolled out of view) unsubscribed",
                s -> !s.tile(top).subscribed() && s.tile(top).viewers() == 0);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.println(
                "scroll: "
                        + small.subscribedTiles()
                        + " of "
                        + small.tiles().size()
                        + " tiles subscribed in a small window; "
                        + name
                        + " painted "
                        + away.frames()
                        + " -> "
                        + back.tile(name).frames());
    }

    @Test
    @Order(4)
    void aHiddenTabHoldsNoWebSocket() {
        setHidden(true);
        until(
                "no tile subscribed and no viewer at the relay while the tab is hidden",
                s -> s.subscribedTiles() == 0 && s.serverViewers() == 0);
        setHidden(false);
        until(
                "the tiles in view subscribed again",
                s ->
                        s.subscribedTiles() > 0
                                && s.serverViewers() == s.subscribedTiles()
                                && s.tiles().values().stream()
                                        .filter(Tile::onScreen)
                                        .allMatch(Tile::subscribed));
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    /** Headless Chromium's tab never becomes hidden by itself: make the page believe it is. */
    private static void setHidden(boolean hidden) {
        chromium.driver()
                .executeScript(
                        """
                const hidden = arguments[0];
                Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
                Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => hidden ? 'hidden' : 'visible'});
                document.dispatchEvent(new Event('visibilitychange'));""",
                        hidden);
    }

    private static Sample until(String what, Predicate<Sample> done) {
        return until(() -> what, done);
    }

    /**
     * Polls the page and relay until {@code done} holds (or fails after the helper's timeout,
     * showing the last sample). A sample the starved page could not take in time is no sample, not
     * a failure.
     */
    private static Sample until(Supplier<String> what, Predicate<Sample> done) {
        AtomicReference<Sample> last = new AtomicReference<>();
        return chromium.waiting()
                .ignoring(ScriptTimeoutException.class)
                .withMessage(() -> what.get() + "; last sample " + last.get())
                .until(
                        d -> {
                            Sample s = GridProbe.sample(chromium.driver());
                            last.set(s);
                            return done.test(s) ? s : null;
                        });
    }
}

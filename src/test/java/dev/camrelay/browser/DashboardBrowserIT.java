package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.config.RelayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the dashboard in headless Chromium against a 12-camera demo relay and proves that every
 * tile's canvas shows a moving picture. Chromium is required: a missing browser FAILS the test
 * (install with {@code apt-get install -y chromium chromium-driver}).
 */
class DashboardBrowserIT {
    private static final int CAMERAS = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> BROWSER_CANDIDATES = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final String DRIVER = "/usr/bin/chromedriver";

    /** Collects uncaught page errors from the first byte of every document. */
    private static final String ERROR_HOOK = "window.__pageErrors = [];"
            + "addEventListener('error', e => __pageErrors.push(String(e.message || e.type)));"
            + "addEventListener('unhandledrejection', e => __pageErrors.push('unhandled rejection: ' + e.reason));";

    /** For each tile: name, frames painted, canvas size, FNV-1a hash of all pixels, and whether the canvas is uniform. */
    private static final String SAMPLE_TILES = """
            return Array.from(document.querySelectorAll('#grid [data-stream]')).map(t => {
              const c = t.querySelector('canvas');
              let hash = 0x811c9dc5, blank = true, w = 0, h = 0;
              if (c && c.width && c.height) {
                w = c.width; h = c.height;
                const d = c.getContext('2d').getImageData(0, 0, w, h).data;
                for (let i = 0; i < d.length; i++) {
                  hash = Math.imul(hash ^ d[i], 16777619);
                  if (blank && i >= 4 && (i & 3) !== 3 && d[i] !== d[i & 3]) blank = false;
                }
              }
              return {name: t.dataset.stream, frames: Number(t.dataset.frames || 0), w: w, h: h,
                      hash: hash >>> 0, blank: blank};
            });""";

    private static EmbeddedServer server;
    private static ChromeDriver driver;
    private static Path profileDir;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        Path browser = BROWSER_CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (browser == null || !Files.isExecutable(Path.of(DRIVER))) {
            fail("Chromium and chromedriver are required for this test but were not found (looked for "
                    + BROWSER_CANDIDATES + " and " + DRIVER + "). Install them with: "
                    + "apt-get install -y chromium chromium-driver");
        }

        RelayConfig config = ConfigLoader.load(Map.of(), Map.of(), new Properties(), new String[] {
                "--http.port=0", "--ingest.port=0", "--ingest.host=127.0.0.1",
                "--demo=true", "--demo.cameras=" + CAMERAS, "--demo.fps=10"});
        server = EmbeddedServer.start(config);

        profileDir = Files.createTempDirectory("camrelay-chrome-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(DRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,1000", "--user-data-dir=" + profileDir);
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_HOOK));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                deleteRecursively(profileDir);
            }
        }
    }

    @Test
    void everyTileShowsTheStreamNameAndAMovingPicture() throws IOException {
        long started = System.nanoTime();
        driver.get("http://127.0.0.1:" + server.httpPort() + "/");

        AtomicReference<Object> last = new AtomicReference<>();
        new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(200))
                .withMessage(() -> "expected " + CAMERAS + " tiles, page has " + last.get())
                .until(d -> {
                    List<String> names = tileNames();
                    last.set(names);
                    return names.size() == CAMERAS;
                });

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= CAMERAS; i++) {
            expected.add("demo" + i);
        }
        assertEquals(expected, tileNames(), "one tile per demo camera, in natural order");
        // Few WebDriver round-trips: on a busy machine each one can cost half a second.
        List<String> visibleLines = List.of(driver.findElement(By.id("grid")).getText().split("\\R"));
        List<String> missing = expected.stream().filter(n -> !visibleLines.contains(n)).toList();
        assertEquals(List.of(), missing, "stream names not visible on the page; grid text: " + visibleLines);
        Map<String, Map<String, Object>> tiles = tileFacts();
        for (String name : expected) {
            Map<String, Object> t = tiles.get(name);
            assertEquals(name, t.get("label"), name + " tile's name label");
            assertEquals("mjpeg", t.get("format"), name + " format");
            assertEquals(Boolean.TRUE, t.get("shown"), name + " tile has a size and lies inside the page: " + t);
        }
        String count = driver.findElement(By.id("count")).getText();
        assertTrue(count.startsWith(CAMERAS + " streams"), "header counts the streams: " + count);

        // Every canvas has been painted with a real (non-uniform) picture...
        Map<String, Map<String, Object>> first = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(200))
                .withMessage(() -> "not every tile painted a picture: " + last.get())
                .until(d -> {
                    Map<String, Map<String, Object>> s = sampleTiles();
                    last.set(s);
                    boolean ok = s.size() == CAMERAS && s.values().stream()
                            .allMatch(t -> !(Boolean) t.get("blank") && ((Number) t.get("frames")).longValue() > 0);
                    return ok ? s : null;
                });
        long firstPaintMs = (System.nanoTime() - started) / 1_000_000;

        // ...and every canvas then changes: the video moves.
        Map<String, Map<String, Object>> moved = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(200))
                .withMessage(() -> "not every tile changed after the first sample " + first + "; now " + last.get())
                .until(d -> {
                    Map<String, Map<String, Object>> s = sampleTiles();
                    last.set(s);
                    boolean ok = s.keySet().equals(first.keySet()) && s.entrySet().stream().allMatch(e ->
                            !(Boolean) e.getValue().get("blank")
                                    && !e.getValue().get("hash").equals(first.get(e.getKey()).get("hash")));
                    return ok ? s : null;
                });
        assertEquals(CAMERAS, moved.size());
        long movedMs = (System.nanoTime() - started) / 1_000_000;

        Path png = Path.of(System.getProperty("basedir", "."), "target", "dashboard.png");
        Files.createDirectories(png.getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));

        Object errors = driver.executeScript("return window.__pageErrors || []");
        assertEquals(List.of(), errors, "uncaught errors on the page");

        System.out.printf("dashboard: %d tiles painted after %d ms, all moving after %d ms; frames %s; screenshot %s%n",
                CAMERAS, firstPaintMs, movedMs, framesByTile(moved), png.toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private static List<String> tileNames() {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#grid [data-stream]'), t => t.dataset.stream);");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tileFacts() {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) driver.executeScript("""
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

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> sampleTiles() {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) driver.executeScript(SAMPLE_TILES);
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

    /** Best effort: a leftover temp profile must not fail the test. */
    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete Chromium profile " + dir + ": " + e);
        }
    }
}

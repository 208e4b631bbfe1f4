package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the dashboard tests, plus the page probes they share. Chromium is required:
 * a missing browser FAILS the test (install with {@code apt-get install -y chromium
 * chromium-driver}).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> BROWSER_CANDIDATES =
            List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final String DRIVER = "/usr/bin/chromedriver";

    /** Collects uncaught page errors from the first byte of every document. */
    private static final String ERROR_HOOK =
            "window.__pageErrors = [];"
                    + "addEventListener('error', e => __pageErrors.push(String(e.message || e.type)));"
                    + "addEventListener('unhandledrejection', e => __pageErrors.push('unhandled rejection: ' + e.reason));";

    /**
     * For each tile: name, format, decoder, frames painted, canvas size, FNV-1a hash of all pixels,
     * whether the picture is uniform, and the share of strongly coloured pixels. The canvas (or an
     * MSE tile's video) is copied onto a scratch 2D canvas first, so WebGL canvases (Broadway) are
     * read the same way.
     */
    private static final String SAMPLE_TILES =
            """
            const scratch = document.createElement('canvas');
            return Array.from(document.querySelectorAll('#grid [data-stream]')).map(t => {
              const c = t.querySelector('canvas, video');
              const cw = c ? c.videoWidth || c.width : 0, ch = c ? c.videoHeight || c.height : 0;
              let hash = 0x811c9dc5, blank = true, w = 0, h = 0, colourful = 0;
              if (cw && ch) {
                w = scratch.width = cw; h = scratch.height = ch;
                const g = scratch.getContext('2d', {willReadFrequently: true});
                g.drawImage(c, 0, 0);
                const d = g.getImageData(0, 0, w, h).data;
                for (let i = 0; i < d.length; i++) {
                  hash = Math.imul(hash ^ d[i], 16777619);
                  if (blank && i >= 4 && (i & 3) !== 3 && d[i] !== d[i & 3]) blank = false;
                }
                for (let i = 0; i < d.length; i += 4) {
                  if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 100) colourful++;
                }
                colourful /= w * h;
              }
              return {name: t.dataset.stream, format: t.dataset.format || null, decoder: t.dataset.decoder || null,
                      frames: Number(t.dataset.frames || 0), w: w, h: h, hash: hash >>> 0, blank: blank,
                      colourful: colourful};
            });""";

    private final ChromeDriver driver;
    private final Path profileDir;

    private HeadlessChromium(ChromeDriver driver, Path profileDir) {
        this.driver = driver;
        this.profileDir = profileDir;
    }

    /**
     * The relay with its demo cameras (MJPEG demo1..N plus demo-h264 and demo-ts) on ephemeral
     * ports.
     */
    static EmbeddedServer demoServer(int mjpegCameras, String... extra) throws Exception {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "--http.port=0",
                                "--ingest.port=0",
                                "--ingest.host=127.0.0.1",
                                "--demo=true",
                                "--demo.cameras=" + mjpegCameras));
        args.addAll(List.of(extra));
        return EmbeddedServer.start(
                ConfigLoader.load(
                        Map.of(), Map.of(), new Properties(), args.toArray(String[]::new)));
    }

    /** Stops the browser, then the server; either may be null when startup failed half-way. */
    static void stopBoth(HeadlessChromium chromium, EmbeddedServer server) throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static HeadlessChromium start() throws IOException {
        Path browser =
                BROWSER_CANDIDATES.stream()
                        .map(Path::of)
                        .filter(Files::isExecutable)
                        .findFirst()
                        .orElse(null);
        if (browser == null || !Files.isExecutable(Path.of(DRIVER))) {
            fail(
                    "Chromium and chromedriver are required for this test but were not found (looked for "
                            + BROWSER_CANDIDATES
                            + " and "
                            + DRIVER
                            + "). Install them with: "
                            + "apt-get install -y chromium chromium-driver");
        }
        Path profileDir = Files.createTempDirectory("camrelay-chrome-");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of(DRIVER).toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1440,1000",
                "--user-data-dir=" + profileDir);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteRecursively(profileDir);
            throw e;
        }
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_HOOK));
        return new HeadlessChromium(driver, profileDir);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** A wait that polls every 200 ms for at most {@link #TIMEOUT}. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(200));
    }

    /** Every tile by stream name, in page order (see {@link #SAMPLE_TILES}). */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> sampleTiles() {
        List<Map<String, Object>> rows =
                (List<Map<String, Object>>) driver.executeScript(SAMPLE_TILES);
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            byName.put((String) row.get("name"), row);
        }
        return byName;
    }

    @SuppressWarnings("unchecked")
    List<String> tileNames() {
        return (List<String>)
                driver.executeScript(
                        "return Array.from(document.querySelectorAll('#grid [data-stream]'), t => t.dataset.stream);");
    }

    /**
     * The console's errors since the last call (CSP violations, failed loads, WebSocket errors), as
     * "level message" lines.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage())
                .toList();
    }

    Object pageErrors() {
        return driver.executeScript("return window.__pageErrors || []");
    }

    /** Saves a screenshot as target/&lt;fileName&gt; and returns its path. */
    Path screenshot(String fileName) throws IOException {
        Path png = Path.of(System.getProperty("basedir", "."), "target", fileName);
        Files.createDirectories(png.getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png.toAbsolutePath();
    }

    static boolean painted(Map<String, Object> tile) {
        return tile != null
                && !(Boolean) tile.get("blank")
                && ((Number) tile.get("frames")).longValue() > 0;
    }

    static long frames(Map<String, Object> tile) {
        return ((Number) tile.get("frames")).longValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profileDir);
        }
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

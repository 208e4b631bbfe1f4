package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.camrelay.EmbeddedServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What surrounds the tiles: the header names the ingest port the relay really listens on, the page
 * logs no console error (jsmpeg's injected stylesheet, the favicon, fullscreen toggled while a
 * socket still connects), a lost login session leads to the login form, and Log out logs out.
 */
class DashboardChromeBrowserIT {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String PASSWORD = "wall-password";

    @Test
    void headerShowsTheRealIngestPortAndThePageLogsNoError() throws Exception {
        EmbeddedServer server = null;
        HeadlessChromium chromium = null;
        try {
            server = HeadlessChromium.demoServer(2, "--demo.fps=10");
            chromium = HeadlessChromium.start();
            String base = "http://127.0.0.1:" + server.httpPort();
            chromium.driver().get(base + "/");
            HeadlessChromium browser = chromium;
            List<String> names = List.of("demo-h264", "demo-ts", "demo1", "demo2");
            browser.waiting()
                    .withMessage(() -> "every tile paints: " + browser.sampleTiles())
                    .until(d -> allPainted(browser.sampleTiles(), names));
            assertEquals(
                    "tcp://127.0.0.1:" + server.ingestPort(),
                    chromium.driver().findElement(By.id("ingest-addr")).getText());
            assertFalse(
                    chromium.driver().findElement(By.id("logout")).isDisplayed(),
                    "no login, no log out");

            // fullscreen in and out at once, so sockets close while still connecting
            for (int round = 0; round < 2; round++) {
                for (String name : names) {
                    WebElement tile =
                            chromium.driver()
                                    .findElement(By.cssSelector("[data-stream='" + name + "']"));
                    new Actions(chromium.driver()).click(tile).sendKeys(Keys.ESCAPE).perform();
                }
            }
            browser.waiting()
                    .withMessage(() -> "every tile paints again: " + browser.sampleTiles())
                    .until(d -> allPainted(browser.sampleTiles(), names));
            assertEquals(List.of(), chromium.consoleErrors(), "the console stays clean");
            assertEquals(List.of(), chromium.pageErrors());
        } finally {
            HeadlessChromium.stopBoth(chromium, server);
        }
    }

    @Test
    void aLostSessionLeadsToTheLoginFormAndLogOutLogsOut() throws Exception {
        EmbeddedServer server = null;
        HeadlessChromium chromium = null;
        try {
            server =
                    HeadlessChromium.demoServer(
                            1,
                            "--view.auth=true",
                            "--view.secret=" + SECRET,
                            "--view.password=" + PASSWORD);
            chromium = HeadlessChromium.start();
            String base = "http://127.0.0.1:" + server.httpPort();
            logIn(chromium, base);
            HeadlessChromium browser = chromium;
            browser.waiting()
                    .withMessage(() -> "the log out control shows")
                    .until(d -> d.findElement(By.id("logout")).isDisplayed());

            chromium.driver().manage().deleteAllCookies();
            browser.waiting()
                    .withMessage(() -> "the page goes to the login form")
                    .until(d -> path(d.getCurrentUrl()).equals("/login.html"));

            logIn(chromium, base);
            browser.waiting().until(d -> d.findElement(By.id("logout")).isDisplayed());
            chromium.driver().findElement(By.cssSelector("#logout button")).click();
            browser.waiting()
                    .withMessage(() -> "log out shows the login form")
                    .until(d -> path(d.getCurrentUrl()).equals("/login.html"));
            Object status =
                    chromium.driver()
                            .executeAsyncScript(
                                    "const done = arguments[0];"
                                            + "fetch('api/streams').then(r => done(r.status));");
            assertEquals(401, ((Number) status).intValue(), "the session is gone");
            assertEquals(
                    List.of(),
                    chromium.consoleErrors().stream().filter(e -> !e.contains("401")).toList(),
                    "only the expected 401");
        } finally {
            HeadlessChromium.stopBoth(chromium, server);
        }
    }

    private static void logIn(HeadlessChromium chromium, String base) {
        chromium.driver().get(base + "/login.html");
        chromium.driver().findElement(By.id("password")).sendKeys(PASSWORD);
        chromium.driver().findElement(By.cssSelector("button[type=submit]")).click();
        chromium.waiting().until(d -> path(d.getCurrentUrl()).equals("/"));
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static boolean allPainted(Map<String, Map<String, Object>> tiles, List<String> names) {
        return names.stream().allMatch(n -> painted(tiles.get(n)));
    }
}

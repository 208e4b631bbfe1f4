package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.it.GstRtspServer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The dashboard with an H.265 camera pulled from GStreamer's RTSP server. The tile asks the browser
 * (WebCodecs, then MSE) whether it decodes the stream's hvc1 codec; the test asks the same
 * questions itself and checks the tile's answer: a moving picture where the browser decodes HEVC,
 * else "H.265 — not decodable in this browser" instead of a black tile.
 */
class H265BrowserIT {
    private static final String TILE =
            "const t = document.querySelector('#grid [data-stream=\"door\"]');"
                    + " return t ? [t.dataset.format || '', t.dataset.decoder || '',"
                    + " t.querySelector('.placeholder').textContent] : null;";

    /** The stream's codec string from the API, and what this browser says of it: WebCodecs, MSE. */
    private static final String ASK =
            "const done = arguments[arguments.length - 1];"
                    + " fetch('/api/streams').then(r => r.json()).then(j => {"
                    + " const codec = j.streams.find(s => s.name === 'door').codec;"
                    + " const mse = !!window.MediaSource"
                    + " && MediaSource.isTypeSupported('video/mp4; codecs=\"' + codec + '\"');"
                    + " (typeof VideoDecoder === 'function'"
                    + " ? VideoDecoder.isConfigSupported({codec, optimizeForLatency: true})"
                    + " .then(s => !!s.supported, () => false) : Promise.resolve(false))"
                    + " .then(wc => done([codec, wc, mse])); });";

    @Test
    void theTileDecodesH265OrSaysItCannot() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null)) {
            EmbeddedServer server =
                    EmbeddedServer.start(
                            ConfigLoader.load(
                                    Map.of(),
                                    Map.of(),
                                    new Properties(),
                                    new String[] {
                                        "--http.port=0",
                                        "--ingest.port=0",
                                        "--ingest.host=127.0.0.1",
                                        "--source.door=" + camera.url("/h265")
                                    }));
            HeadlessChromium chromium = null;
            try {
                chromium = HeadlessChromium.start();
                HeadlessChromium browser = chromium;
                browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
                AtomicReference<Object> last = new AtomicReference<>();
                List<?> tile =
                        browser.waiting()
                                .withMessage(() -> "the H.265 tile never decided: " + last.get())
                                .until(
                                        d -> {
                                            Object row = browser.driver().executeScript(TILE);
                                            last.set(row);
                                            return row instanceof List<?> l
                                                            && "h265".equals(l.get(0))
                                                            && !"".equals(l.get(1))
                                                    ? l
                                                    : null;
                                        });
                List<?> support = (List<?>) browser.driver().executeAsyncScript(ASK);
                String codec = String.valueOf(support.get(0));
                boolean webCodecs = Boolean.TRUE.equals(support.get(1));
                boolean mse = Boolean.TRUE.equals(support.get(2));
                assertTrue(codec.startsWith("hvc1.1.6.L"), "the API's codec string: " + codec);
                System.out.printf(
                        "H.265 %s in this Chromium: WebCodecs %s, MSE %s; tile %s%n",
                        codec, webCodecs, mse, tile);
                if (webCodecs || mse) {
                    assertEquals(webCodecs ? "WebCodecs" : "MSE", tile.get(1), tile.toString());
                    browser.waiting()
                            .withMessage(() -> "the H.265 tile never painted: " + last.get())
                            .until(
                                    d -> {
                                        Map<String, Object> t = browser.sampleTiles().get("door");
                                        last.set(t);
                                        return HeadlessChromium.painted(t);
                                    });
                } else {
                    assertEquals("none", tile.get(1), tile.toString());
                    assertEquals("H.265 — not decodable in this browser", tile.get(2));
                    assertTrue(
                            !Boolean.TRUE.equals(
                                    browser.driver()
                                            .executeScript(
                                                    "return document.querySelector("
                                                            + "'#grid [data-stream=\"door\"]')"
                                                            + ".dataset.subscribed === 'true'")),
                            "an undecodable tile does not pull the stream");
                }
                assertEquals(List.of(), browser.pageErrors(), "no page errors");
            } finally {
                HeadlessChromium.stopBoth(chromium, server);
            }
        }
    }
}

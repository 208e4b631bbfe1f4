package dev.camrelay.browser;

import static dev.camrelay.browser.HeadlessChromium.frames;
import static dev.camrelay.browser.HeadlessChromium.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.it.GstRtspServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A pulled camera with AAC (GStreamer's RTSP server) on an MSE tile in Chromium: the grid tile
 * paints and shows that the camera has sound; fullscreen plays pictures and decodes the sound,
 * muted, until the tile's sound control is clicked; leaving fullscreen mutes it again.
 */
class MseAudioBrowserIT {
    private static final String TILE = "door";

    @Test
    void anMseTileWithSoundPlaysMutedAndUnmutesInFullscreen() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null)) {
            EmbeddedServer server =
                    HeadlessChromium.demoServer(1, "--source.door=" + camera.url("/main"));
            HeadlessChromium chromium = null;
            try {
                chromium = HeadlessChromium.start();
                play(chromium, server);
            } finally {
                HeadlessChromium.stopBoth(chromium, server);
            }
        }
    }

    private static void play(HeadlessChromium chromium, EmbeddedServer server) {
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + "/?decoder=mse");
        AtomicReference<Object> last = new AtomicReference<>();
        Map<String, Object> grid =
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
        chromium.driver().findElement(By.cssSelector("#grid [data-stream=\"door\"]")).click();
        Map<String, Object> muted =
                chromium.waiting()
                        .withMessage(
                                () -> TILE + " in fullscreen did not play sound: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> v = facts(chromium);
                                    Map<String, Object> t = chromium.sampleTiles().get(TILE);
                                    last.set(List.of(v, t));
                                    return "full".equals(v.get("mode"))
                                                    && "mp4a.40.2".equals(v.get("audio"))
                                                    && ((Number) v.get("audioBytes")).longValue()
                                                            > 0
                                                    && frames(t) >= frames(grid) + 30
                                            ? v
                                            : null;
                                });
        assertEquals(Boolean.TRUE, muted.get("muted"), "muted by default: " + muted);
        assertEquals("🔇 unmute", muted.get("control"), "a visible sound control: " + muted);

        chromium.driver()
                .findElement(By.cssSelector("#grid [data-stream=\"door\"] .sound"))
                .click();
        Map<String, Object> unmuted =
                chromium.waiting()
                        .withMessage(() -> TILE + " did not unmute: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> v = facts(chromium);
                                    last.set(v);
                                    return Boolean.FALSE.equals(v.get("muted")) ? v : null;
                                });
        assertEquals("full", unmuted.get("mode"), "the click stays in fullscreen: " + unmuted);
        assertEquals("🔊 mute", unmuted.get("control"));
        assertEquals(Boolean.FALSE, unmuted.get("paused"), "still playing: " + unmuted);

        chromium.driver().findElement(By.cssSelector("#grid [data-stream=\"door\"]")).click();
        Map<String, Object> back =
                chromium.waiting()
                        .withMessage(() -> TILE + " did not return to the grid: " + last.get())
                        .until(
                                d -> {
                                    Map<String, Object> v = facts(chromium);
                                    last.set(v);
                                    return "thumbnail".equals(v.get("mode")) ? v : null;
                                });
        assertEquals(Boolean.TRUE, back.get("muted"), "leaving fullscreen mutes: " + back);
        assertEquals("♪", back.get("control"), "the grid tile shows it has sound: " + back);
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.printf("MSE with sound: fullscreen %s; unmuted %s%n", muted, unmuted);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(HeadlessChromium chromium) {
        return (Map<String, Object>)
                chromium.driver()
                        .executeScript(
                                """
                const t = document.querySelector('#grid [data-stream="door"]');
                const v = t && t.querySelector('video');
                if (!v) return {element: 'none', mode: t ? t.dataset.mode : null};
                const s = t.querySelector('.sound');
                return {mode: t.dataset.mode, audio: t.dataset.audio || null, muted: v.muted,
                        paused: v.paused, audioBytes: v.webkitAudioDecodedByteCount || 0,
                        videoBytes: v.webkitVideoDecodedByteCount || 0,
                        control: s && !s.hidden ? s.textContent : null};""");
    }
}

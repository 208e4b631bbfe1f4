package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.sender.CameraClient;
import dev.camrelay.sender.CameraSettings;
import dev.camrelay.sender.Framing;
import dev.camrelay.sender.LoopingSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * What a fullscreen tile on {@code quality=auto} sees when the relay moves it to the other
 * rendition: a keyframe with new parameter sets and a new picture size. The cameras here alternate
 * 2 s at 320x240 and 2 s at 640x360 (clips made by ffmpeg): H.264 Constrained Baseline with a
 * keyframe a second and SPS/PPS before each keyframe, as the relay sends them at a switch, and
 * MPEG-TS with MPEG-1 video, a sequence header a second. Opened fullscreen, the tile must paint
 * both sizes, back and forth, each time a real test pattern (not decoder garbage), with WebCodecs,
 * Broadway (WebGL and Canvas2D) and jsmpeg. Needs ffmpeg with libx264 (Debian's ffmpeg).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenditionSwitchBrowserIT {
    private static final String TILE = "sizes";
    private static final String TS_TILE = "sizes-ts";
    private static final int TS_FPS = 25;
    private static final Set<String> SIZES = Set.of("320x240", "640x360");

    /**
     * Broadway paints the coded picture: it ignores the SPS's frame cropping, so 360 lines are 23
     * macroblocks, 368.
     */
    private static final Set<String> BROADWAY_SIZES = Set.of("320x240", "640x368");

    private static final int FPS = 10;

    private static EmbeddedServer server;
    private static CameraClient camera;
    private static CameraClient tsCamera;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startEverything() throws Exception {
        server = HeadlessChromium.demoServer(0);
        ByteArrayOutputStream clip = new ByteArrayOutputStream();
        ByteArrayOutputStream tsClip = new ByteArrayOutputStream();
        for (String size : List.of("320x240", "640x360")) {
            clip.write(
                    encode(
                            size,
                            FPS,
                            "h264",
                            "-c:v",
                            "libx264",
                            "-profile:v",
                            "baseline",
                            "-level",
                            "3.0",
                            "-tune",
                            "zerolatency",
                            "-g",
                            Integer.toString(FPS),
                            "-bf",
                            "0",
                            "-pix_fmt",
                            "yuv420p",
                            "-x264-params",
                            "repeat-headers=1"));
            tsClip.write(
                    encode(
                            size,
                            TS_FPS,
                            "mpegts",
                            "-c:v",
                            "mpeg1video",
                            "-bf",
                            "0",
                            "-g",
                            Integer.toString(TS_FPS),
                            "-q:v",
                            "8",
                            "-an"));
        }
        camera =
                CameraClient.start(
                        CameraSettings.text(
                                        "127.0.0.1",
                                        server.ingestPort(),
                                        TILE,
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        FPS)
                                .withFormat(Format.H264),
                        LoopingSource.bytes(clip.toByteArray(), "two sizes", Format.H264));
        tsCamera =
                CameraClient.start(
                        CameraSettings.text(
                                        "127.0.0.1",
                                        server.ingestPort(),
                                        TS_TILE,
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        TS_FPS)
                                .withFormat(Format.TS),
                        LoopingSource.bytes(tsClip.toByteArray(), "two sizes", Format.TS));
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            for (CameraClient c : new CameraClient[] {camera, tsCamera}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            HeadlessChromium.stopBoth(chromium, server);
        }
    }

    @Test
    @Order(1)
    void webCodecsFollowsTheSizeChanges() {
        followSizeChanges("/", TILE, "WebCodecs", SIZES);
    }

    @Test
    @Order(2)
    void broadwayFollowsTheSizeChanges() {
        followSizeChanges("/?decoder=broadway", TILE, "Broadway", BROADWAY_SIZES);
    }

    /**
     * Broadway on Canvas2D (tiles beyond the page's WebGL budget): its worker converts to RGB at
     * the first picture's size.
     */
    @Test
    @Order(3)
    void broadwayOnCanvas2dFollowsTheSizeChanges() {
        followSizeChanges("/?decoder=broadway&webgl=0", TILE, "Broadway", BROADWAY_SIZES);
    }

    @Test
    @Order(4)
    void jsmpegFollowsTheSizeChanges() {
        followSizeChanges("/", TS_TILE, "jsmpeg", SIZES);
    }

    private void followSizeChanges(String path, String name, String decoder, Set<String> sizes) {
        chromium.driver().get("http://127.0.0.1:" + server.httpPort() + path);
        AtomicReference<Object> last = new AtomicReference<>();
        chromium.waiting()
                .withMessage(() -> name + " painted with " + decoder + "; now " + last.get())
                .until(
                        d -> {
                            Map<String, Object> t = chromium.sampleTiles().get(name);
                            last.set(t);
                            return HeadlessChromium.painted(t) && decoder.equals(t.get("decoder"));
                        });
        chromium.driver().findElement(By.cssSelector("[data-stream='" + name + "']")).click();

        // Every sample is a picture of one of the two sizes, a colourful test pattern; the sizes
        // alternate.
        List<String> changes = new ArrayList<>();
        chromium.waiting()
                .withMessage(
                        () ->
                                name
                                        + " should paint "
                                        + sizes
                                        + " in turn with "
                                        + decoder
                                        + "; sizes seen "
                                        + changes
                                        + ", last sample "
                                        + last.get())
                .until(
                        d -> {
                            Map<String, Object> t = chromium.sampleTiles().get(name);
                            last.set(t);
                            String size = t.get("w") + "x" + t.get("h");
                            assertTrue(
                                    HeadlessChromium.painted(t),
                                    "the tile never shows a blank canvas, not even at a switch: "
                                            + t);
                            assertTrue(
                                    sizes.contains(size),
                                    "the canvas has one of the sizes " + sizes + ": " + t);
                            assertTrue(
                                    ((Number) t.get("colourful")).doubleValue() > 0.1,
                                    "a test pattern is mostly saturated colour, not decoder garbage: "
                                            + t);
                            if (changes.isEmpty()
                                    || !changes.get(changes.size() - 1).equals(size)) {
                                changes.add(size);
                            }
                            return changes.size()
                                    >= 4; // e.g. small, big, small, big: three switches seen
                        });
        String mode =
                (String)
                        chromium.driver()
                                .executeScript(
                                        "return document.querySelector('[data-stream=\""
                                                + name
                                                + "\"]').dataset.mode");
        assertEquals("full", mode, "the tile played fullscreen, at full rate");
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        System.out.println(
                "rendition switch " + decoder + " (" + path + "): sizes in turn " + changes);
    }

    /**
     * Two seconds of testsrc2 at this size and rate, encoded with {@code codec} options into {@code
     * format}.
     */
    private static byte[] encode(String size, int fps, String format, String... codec)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("camrelay-" + size + "-", "." + format);
        try {
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    "ffmpeg",
                                    "-hide_banner",
                                    "-loglevel",
                                    "error",
                                    "-y",
                                    "-f",
                                    "lavfi",
                                    "-i",
                                    "testsrc2=size=" + size + ":rate=" + fps,
                                    "-t",
                                    "2"));
            command.addAll(List.of(codec));
            command.addAll(List.of("-f", format, out.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(
                        "ffmpeg could not make the "
                                + size
                                + " "
                                + format
                                + " clip (Debian's ffmpeg with libx264 is needed): "
                                + log);
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

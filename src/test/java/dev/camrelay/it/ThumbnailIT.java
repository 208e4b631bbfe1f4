package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Economical viewers: ?fps=N thins MJPEG, ?keyframes=only gives H.264 keyframes only. */
class ThumbnailIT {
    private static final int THUMBNAILS = 4;
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void fpsCapThinsWhatAViewerGets() throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        AtomicBoolean sending = new AtomicBoolean(true);
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 40, 0, 1)) {
            camera.frame(frames.get(0));
            Thread cameraThread =
                    new Thread(
                            () -> {
                                try {
                                    long next = System.nanoTime();
                                    for (int i = 1; sending.get(); i++) {
                                        camera.frame(frames.get(i % frames.size()));
                                        next += 40_000_000;
                                        java.util.concurrent.locks.LockSupport.parkNanos(
                                                next - System.nanoTime());
                                    }
                                } catch (Exception e) {
                                    sending.set(false);
                                }
                            },
                            "camera-25fps");
            cameraThread.start();
            try (WsViewer thumb = WsViewer.connect(relay.httpPort(), "/ws/stream40?fps=2");
                    MjpegReader mjpegThumb =
                            MjpegReader.open(relay.httpPort(), "/mjpeg/stream40?fps=2")) {
                thumb.next();
                mjpegThumb.nextJpeg();
                int framesIn0 = ((Number) relay.stream("stream40").get("framesIn")).intValue();
                for (int i = 0; i < THUMBNAILS; i++) {
                    thumb.next();
                    mjpegThumb.nextJpeg();
                }
                Map<String, Object> stream = relay.stream("stream40");
                int cameraFrames = ((Number) stream.get("framesIn")).intValue() - framesIn0;
                long capped =
                        ((Number) ((Map<?, ?>) stream.get("droppedByReason")).get("rate_cap"))
                                .longValue();
                System.out.printf(
                        "?fps=2: %d thumbnails each while the camera sent %d frames, %d capped%n",
                        THUMBNAILS, cameraFrames, capped);
                // the rate itself is the thinner's unit test (an injected clock); here: the cap is
                // wired
                assertTrue(
                        cameraFrames > 2 * THUMBNAILS,
                        "the camera sent more than a thumbnail got: " + cameraFrames);
                assertTrue(capped > 0, "frames withheld by the cap are counted as rate_cap");
            } finally {
                sending.set(false);
                cameraThread.join(5000);
            }
        }
    }

    @Test
    void keyframesOnlyDeliversOnlyKeyframes() throws Exception {
        Process ffmpeg = Ffmpeg.liveH264("testsrc=size=320x240:rate=10", 10, 20);
        try (java.net.Socket camera = new java.net.Socket("127.0.0.1", relay.ingestPort())) {
            camera.getOutputStream()
                    .write(
                            "STREAM keyonly h264 framing=raw\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Thread pipe =
                    new Thread(
                            () -> {
                                try {
                                    ffmpeg.getInputStream().transferTo(camera.getOutputStream());
                                } catch (Exception e) {
                                    // ends with the test
                                }
                            },
                            "ffmpeg-to-camera-socket");
            pipe.start();
            RelayFixture.await(
                    "keyonly past its first GOP",
                    Duration.ofSeconds(15),
                    () ->
                            relay.stream("keyonly") != null
                                    && ((Number) relay.stream("keyonly").get("framesIn")).intValue()
                                            >= 15);
            try (WsViewer viewer =
                    WsViewer.connect(relay.httpPort(), "/ws/keyonly?keyframes=only")) {
                for (int i = 0; i < 3; i++) {
                    List<Integer> types = Ffmpeg.nalTypes(viewer.next());
                    assertTrue(
                            types.contains(5) && !types.contains(1), "only IDR pictures: " + types);
                }
            }
            pipe.interrupt();
        } finally {
            ffmpeg.destroyForcibly();
        }
    }
}

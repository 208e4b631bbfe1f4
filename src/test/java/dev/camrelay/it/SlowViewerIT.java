package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.StalledWsClient;
import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Viewers (MJPEG and WebSocket) that stop reading must not hold back the camera or other viewers,
 * and are closed at the stall limit. The healthy viewers must get the camera's last picture while
 * the stalled ones are still connected: an order of events, not a rate.
 */
class SlowViewerIT {
    /** Far more than the stalled viewers' socket buffers hold. */
    private static final int FRAMES = 60;

    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        // A stall limit much longer than the camera's few seconds of sending, so the stalled
        // viewers
        // are surely still connected when the healthy ones see the last picture; the camera waits
        // out that limit without being closed as idle.
        relay = RelayFixture.start("--viewer.stall.timeout=10s", "--camera.idle.timeout=60s");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void stalledViewerIsClosedAndHealthyViewerKeepsUp() throws Exception {
        byte[] big = Jpegs.padded(Jpegs.resource("bars-320x240.jpg"), 200_000);
        byte[] last = Jpegs.padded(Jpegs.resource("bars-320x240.jpg"), 210_000);
        AtomicBoolean sentAll = new AtomicBoolean();
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 21, 0, 1)) {
            camera.frame(big);
            RelayFixture.await(
                    "stream21 live", Duration.ofSeconds(5), () -> relay.stream("stream21") != null);
            // Paced like a camera at 50 fps; the pacing is the simulated camera, not an assertion.
            Thread cameraThread =
                    new Thread(
                            () -> {
                                try {
                                    long next = System.nanoTime();
                                    for (int i = 0; i < FRAMES; i++) {
                                        camera.frame(big);
                                        next += 20_000_000;
                                        LockSupport.parkNanos(next - System.nanoTime());
                                    }
                                    camera.frame(last);
                                    sentAll.set(true);
                                } catch (Exception e) {
                                    // sentAll stays false: the assertion below says so
                                }
                            },
                            "test-camera");
            try (MjpegReader healthy = MjpegReader.open(relay.httpPort(), "/mjpeg/stream21");
                    MjpegReader stalled =
                            MjpegReader.openSmallBuffer(relay.httpPort(), "/mjpeg/stream21");
                    WsViewer healthyWs = WsViewer.connect(relay.httpPort(), "/ws/stream21");
                    StalledWsClient stalledWs =
                            new StalledWsClient(relay.httpPort(), "/ws/stream21")) {
                healthy.nextJpeg();
                RelayFixture.await("four viewers", Duration.ofSeconds(5), () -> viewers() == 4);
                cameraThread.start();
                // Each read fails after its own timeout if the relay holds the healthy viewers
                // back.
                int mjpegFrames = 1;
                while (!Arrays.equals(healthy.nextJpeg(), last)) {
                    mjpegFrames++;
                }
                int wsFrames = 1;
                while (!Arrays.equals(healthyWs.next(), last)) {
                    wsFrames++;
                }
                int viewersAtLast = viewers();
                cameraThread.join(10_000);
                System.out.printf(
                        "healthy viewers: %d MJPEG and %d WebSocket pictures up to the last of %d%n",
                        mjpegFrames, wsFrames, FRAMES + 1);
                assertTrue(sentAll.get(), "the camera sent every picture without an error");
                assertEquals(
                        4,
                        viewersAtLast,
                        "the healthy viewers got the last picture while the stalled ones were connected");
                assertTrue(
                        ((Number) relay.stream("stream21").get("framesDropped")).longValue() > 0,
                        "the stalled viewers fell behind: the relay dropped frames for them");
                RelayFixture.await(
                        "stalled viewers closed at the stall limit",
                        Duration.ofSeconds(20),
                        () -> viewers() == 2);
                assertTrue(
                        stalled.endedByServer(5000),
                        "the stalled MJPEG viewer's connection is ended by the server");
                assertTrue(
                        stalledWs.closedByServer(5000),
                        "the stalled WebSocket viewer's connection is ended by the server");
                // the healthy viewers still receive; an idle stream repeats its last picture
                // meanwhile
                camera.frame(big);
                assertArrayEquals(
                        big,
                        healthy.nextJpegAfter(last),
                        "the healthy MJPEG viewer still receives");
                byte[] ws = healthyWs.next();
                while (Arrays.equals(ws, last)) {
                    ws = healthyWs.next();
                }
                assertArrayEquals(big, ws, "the healthy WebSocket viewer still receives");
            } finally {
                cameraThread.join(5000);
            }
            assertEquals("live", relay.stream("stream21").get("state"));
        }
    }

    private static int viewers() throws Exception {
        return ((Number) relay.stream("stream21").get("viewers")).intValue();
    }
}

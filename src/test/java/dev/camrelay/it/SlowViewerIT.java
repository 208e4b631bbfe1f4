package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Viewers (MJPEG and WebSocket) that stop reading must not slow the camera or other viewers, and is closed at the stall limit. */
class SlowViewerIT {
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--viewer.stall.timeout=1s");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void stalledViewerIsClosedAndHealthyViewerKeepsUp() throws Exception {
        byte[] big = Jpegs.padded(Jpegs.resource("bars-320x240.jpg"), 200_000);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 21, 0, 1)) {
            camera.frame(big);
            sent.incrementAndGet();
            RelayFixture.await("stream21 live", Duration.ofSeconds(5), () -> relay.stream("stream21") != null);
            Thread cameraThread = new Thread(() -> {
                try {
                    long next = System.nanoTime();
                    while (sending.get()) {
                        camera.frame(big);
                        sent.incrementAndGet();
                        next += 20_000_000;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    }
                } catch (Exception e) {
                    sending.set(false);
                }
            }, "test-camera");
            try (MjpegReader healthy = MjpegReader.open(relay.httpPort(), "/mjpeg/stream21");
                 MjpegReader stalled = MjpegReader.openSmallBuffer(relay.httpPort(), "/mjpeg/stream21");
                 WsViewer healthyWs = WsViewer.connect(relay.httpPort(), "/ws/stream21");
                 StalledWsClient stalledWs = new StalledWsClient(relay.httpPort(), "/ws/stream21")) {
                healthy.nextJpeg();
                RelayFixture.await("four viewers", Duration.ofSeconds(5), () -> ((Number) relay.stream("stream21").get("viewers")).intValue() == 4);
                cameraThread.start();
                int received = 0;
                long start = System.nanoTime();
                while (System.nanoTime() - start < Duration.ofSeconds(3).toNanos()) {
                    healthy.nextJpeg();
                    healthyWs.next();
                    received++;
                }
                int sentDuring = sent.get() - 1;
                System.out.printf("healthy viewer: %d JPEGs of 200 kB in 3 s while the camera sent %d%n", received, sentDuring);
                assertTrue(sending.get(), "the camera was never blocked or disconnected");
                // relative to what the camera managed to send, so a busy machine slows both sides alike
                assertTrue(received >= sentDuring * 0.8, "healthy viewers kept up with the camera: " + received + " of " + sentDuring);
                RelayFixture.await("stalled viewers closed at the stall limit", Duration.ofSeconds(5),
                        () -> ((Number) relay.stream("stream21").get("viewers")).intValue() == 2);
                assertTrue(stalled.endedByServer(5000), "the stalled MJPEG viewer's connection is ended by the server");
                assertTrue(stalledWs.closedByServer(5000), "the stalled WebSocket viewer's connection is ended by the server");
                healthy.nextJpeg();
                healthyWs.next();
            } finally {
                sending.set(false);
                cameraThread.join(5000);
            }
            assertEquals("live", relay.stream("stream21").get("state"));
        }
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.RawWs;
import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /ws/<name> for an MJPEG stream: one whole JPEG per binary message, no compression. */
class WebSocketIT {
    private static RelayFixture relay;
    private static List<byte[]> frames;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start();
        frames = Jpegs.testsrc();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void eachMessageIsOneJpegLatestFirst() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM wscam mjpeg", answer)) {
            camera.frame(frames.get(0));
            camera.frame(frames.get(1));
            RelayFixture.await(
                    "two frames in",
                    Duration.ofSeconds(5),
                    () ->
                            relay.stream("wscam") != null
                                    && ((Number) relay.stream("wscam").get("framesIn")).intValue()
                                            == 2);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/wscam")) {
                assertEquals(
                        "null",
                        viewer.negotiatedExtensions(),
                        "permessage-deflate must be off for video");
                assertArrayEquals(frames.get(1), viewer.next());
                for (int i = 2; i < frames.size(); i++) {
                    camera.frame(frames.get(i));
                    byte[] message = viewer.next();
                    while (Arrays.equals(message, frames.get(i - 1))) {
                        message = viewer.next();
                    }
                    assertArrayEquals(frames.get(i), message);
                }
                RelayFixture.await(
                        "viewer counted",
                        Duration.ofSeconds(5),
                        () -> ((Number) relay.stream("wscam").get("viewers")).intValue() == 1);
            }
            RelayFixture.await(
                    "viewer gone after close",
                    Duration.ofSeconds(5),
                    () -> ((Number) relay.stream("wscam").get("viewers")).intValue() == 0);
        }
    }

    /**
     * Proxies and NATs drop a silent connection: while the camera sends nothing (and no JPEG is
     * repeated), its viewers get pings and stay connected.
     */
    @Test
    void aQuietCamerasViewerIsPingedAndKept() throws Exception {
        try (RelayFixture pinging = RelayFixture.start("--ws.ping=1s", "--mjpeg.repeat=1h");
                FakeCamera camera =
                        FakeCamera.text(
                                pinging.ingestPort(), "STREAM quiet mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            try (WsViewer viewer = WsViewer.connect(pinging.httpPort(), "/ws/quiet")) {
                assertArrayEquals(frames.get(0), viewer.next());
                RelayFixture.await(
                        "two pings while the camera is quiet",
                        Duration.ofSeconds(8),
                        () -> viewer.pings() >= 2);
                camera.frame(frames.get(1));
                assertArrayEquals(
                        frames.get(1),
                        viewer.next(),
                        "the viewer still gets frames after the pings");
            }
        }
    }

    @Test
    void unknownStreamIsClosedWithAReason() throws Exception {
        try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/nosuch")) {
            assertEquals(4404, viewer.closeCode(5000));
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgradeAndTheRelaysOwnIsNot() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM origincam mjpeg", answer)) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "origincam live",
                    Duration.ofSeconds(5),
                    () -> relay.stream("origincam") != null);
            int port = relay.httpPort();
            assertEquals(
                    403,
                    RawWs.upgradeStatus(port, "/ws/origincam", "Origin: https://evil.example"),
                    "cross-site WebSocket hijacking is refused with HTTP 403, nothing upgraded");
            assertEquals(
                    403,
                    RawWs.upgradeStatus(
                            port,
                            "/ws/origincam",
                            "Origin: http://rebound.example:" + port,
                            "Host: rebound.example:" + port),
                    "DNS rebinding: Origin equal to Host proves nothing");
            assertEquals(
                    403,
                    RawWs.upgradeStatus(
                            port, "/ws/origincam", "Origin: http://127.0.0.1:" + (port + 1)),
                    "the relay's address on another port is another origin");
            assertEquals(
                    101,
                    RawWs.upgradeStatus(port, "/ws/origincam", "Origin: http://localhost:" + port),
                    "localhost on a loopback connection");
            try (WsViewer own =
                    WsViewer.connect(port, "/ws/origincam", "http://127.0.0.1:" + port)) {
                assertArrayEquals(
                        frames.get(0), own.next(), "the dashboard's own origin is welcome");
            }
        }
    }

    @Test
    void aListedOriginMayWatch() throws Exception {
        try (RelayFixture listing = RelayFixture.start("--ws.origins=https://cams.example");
                FakeCamera camera =
                        FakeCamera.text(
                                listing.ingestPort(), "STREAM listed mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "listed live", Duration.ofSeconds(5), () -> listing.stream("listed") != null);
            assertEquals(
                    101,
                    RawWs.upgradeStatus(
                            listing.httpPort(), "/ws/listed", "Origin: https://cams.example"));
            assertEquals(
                    403,
                    RawWs.upgradeStatus(
                            listing.httpPort(), "/ws/listed", "Origin: https://other.example"));
        }
    }
}

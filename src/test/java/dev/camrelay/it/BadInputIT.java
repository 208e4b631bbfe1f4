package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.ingest.IngestServer;
import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad camera input closes only its own connection, with a counted reason, while a
 * healthy camera and its viewer carry on undisturbed throughout.
 */
class BadInputIT {
    private static RelayFixture relay;
    private static List<byte[]> frames;
    private FakeCamera healthyCamera;
    private MjpegReader healthyViewer;
    private Thread cameraThread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> healthyFailure = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        relay =
                RelayFixture.start(
                        "--handshake.timeout=1s",
                        "--camera.idle.timeout=1s",
                        "--max.streams=12",
                        "--max.frame.bytes=65536");
        frames = Jpegs.testsrc();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @BeforeEach
    void healthyStream() throws Exception {
        healthyCamera = FakeCamera.legacy(relay.ingestPort(), 1, 0, 1);
        cameraThread =
                new Thread(
                        () -> {
                            try {
                                for (int i = 0; running.get(); i++) {
                                    healthyCamera.frame(frames.get(i % frames.size()));
                                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                                }
                            } catch (Exception e) {
                                healthyFailure.set(e);
                            }
                        },
                        "healthy-camera");
        cameraThread.start();
        RelayFixture.await(
                "stream1 live", Duration.ofSeconds(5), () -> relay.stream("stream1") != null);
        healthyViewer = MjpegReader.open(relay.httpPort(), "/mjpeg/stream1");
        healthyViewer.nextJpeg();
    }

    @AfterEach
    void healthyStreamWasNotDisturbed() throws Exception {
        for (int i = 0; i < 3; i++) {
            byte[] jpeg = healthyViewer.nextJpeg();
            assertTrue(
                    frames.stream().anyMatch(f -> java.util.Arrays.equals(f, jpeg)),
                    "healthy viewer still gets the camera's JPEGs");
        }
        running.set(false);
        cameraThread.join(5000);
        assertEquals(null, healthyFailure.get(), "the healthy camera was never disconnected");
        assertEquals("live", relay.stream("stream1").get("state"));
        healthyViewer.close();
        healthyCamera.end();
        healthyCamera.close();
    }

    private void assertClosedFor(String reason, FakeCamera camera, long before) throws Exception {
        assertTrue(camera.closedByServer(5000), "connection closed by the server for " + reason);
        RelayFixture.await(
                "counter " + reason,
                Duration.ofSeconds(5),
                () -> relay.closedFor(reason) == before + 1);
    }

    @Test
    void randomBytes() throws Exception {
        long before =
                relay.closedFor("bad-stream-number")
                        + relay.closedFor("bad-type")
                        + relay.closedFor("bad-quality");
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[3] = 0x40;
        try (FakeCamera camera = FakeCamera.connect(relay.ingestPort())) {
            camera.send(noise);
            assertTrue(camera.closedByServer(5000));
        }
        RelayFixture.await(
                "counted",
                Duration.ofSeconds(5),
                () ->
                        relay.closedFor("bad-stream-number")
                                        + relay.closedFor("bad-type")
                                        + relay.closedFor("bad-quality")
                                == before + 1);
    }

    @Test
    void invalidLegacyHeaders() throws Exception {
        int[][] headers = {
            {-1, 0, 1},
            {1_000_000, 0, 1},
            {0x01000000, 0, 1},
            {5, 9, 1},
            {5, 0x01000000, 1},
            {5, 0, 2},
            {5, 0, -1}
        };
        String[] reasons = {
            "bad-stream-number",
            "bad-stream-number",
            "bad-stream-number",
            "bad-type",
            "bad-type",
            "bad-quality",
            "bad-quality"
        };
        for (int i = 0; i < headers.length; i++) {
            long before = relay.closedFor(reasons[i]);
            try (FakeCamera camera =
                    FakeCamera.legacy(
                            relay.ingestPort(), headers[i][0], headers[i][1], headers[i][2])) {
                assertClosedFor(reasons[i], camera, before);
            }
        }
    }

    @Test
    void negativeLength() throws Exception {
        long before = relay.closedFor("bad-length");
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 30, 0, 1)) {
            camera.send(FakeCamera.littleEndian(-5));
            assertClosedFor("bad-length", camera, before);
        }
    }

    @Test
    void oversizeLengthIsRejectedBeforeAnyPayload() throws Exception {
        long before = relay.closedFor("frame-too-large");
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 31, 0, 1)) {
            camera.send(FakeCamera.littleEndian(Integer.MAX_VALUE));
            assertClosedFor("frame-too-large", camera, before);
        }
    }

    @Test
    void zeroLengthMidStreamEndsCleanlyAndLaterBytesAreIgnored() throws Exception {
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 32, 0, 1)) {
            camera.frame(frames.get(1));
            camera.end();
            camera.send(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertTrue(camera.closedByServer(5000));
        }
        RelayFixture.await(
                "stream32 offline",
                Duration.ofSeconds(5),
                () -> "offline".equals(relay.stream("stream32").get("state")));
        assertEquals(1, ((Number) relay.stream("stream32").get("framesIn")).intValue());
        assertArrayEquals(frames.get(1), relay.get("/snapshot/stream32.jpg").body());
    }

    @Test
    void partialFrameAtDisconnectIsNeverForwarded() throws Exception {
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 33, 0, 1)) {
            camera.frame(frames.get(2));
            byte[] partial = new byte[4 + 1000];
            System.arraycopy(FakeCamera.littleEndian(frames.get(3).length), 0, partial, 0, 4);
            System.arraycopy(frames.get(3), 0, partial, 4, 1000);
            camera.send(partial);
            RelayFixture.await(
                    "stream33 has its first frame",
                    Duration.ofSeconds(5),
                    () -> relay.stream("stream33") != null);
        }
        RelayFixture.await(
                "stream33 offline",
                Duration.ofSeconds(5),
                () -> "offline".equals(relay.stream("stream33").get("state")));
        assertEquals(1, ((Number) relay.stream("stream33").get("framesIn")).intValue());
        assertArrayEquals(frames.get(2), relay.get("/snapshot/stream33.jpg").body());
    }

    @Test
    void handshakeNotFinishedInTime() throws Exception {
        long before = relay.closedFor("handshake-timeout");
        try (FakeCamera camera = FakeCamera.connect(relay.ingestPort())) {
            camera.send(new byte[] {5, 0, 0});
            assertClosedFor("handshake-timeout", camera, before);
        }
    }

    @Test
    void handshakeTricklingInStillTimesOutInTotal() throws Exception {
        long before = relay.closedFor("handshake-timeout");
        byte[] line =
                "STREAM trickle mjpeg quality=high framing=length"
                        .getBytes(StandardCharsets.US_ASCII);
        try (FakeCamera camera = FakeCamera.connect(relay.ingestPort())) {
            long started = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < line.length && !closed; i++) {
                try {
                    camera.send(new byte[] {line[i]});
                } catch (java.io.IOException e) {
                    closed = true;
                }
                closed = closed || camera.closedByServer(100);
            }
            assertTrue(
                    closed || camera.closedByServer(3000),
                    "closed although a byte arrived every 100 ms");
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(4).toNanos());
        }
        RelayFixture.await(
                "counted",
                Duration.ofSeconds(5),
                () -> relay.closedFor("handshake-timeout") == before + 1);
    }

    @Test
    void silentCameraIsDisconnectedAndItsStreamGoesOffline() throws Exception {
        long before = relay.closedFor("idle-timeout");
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 34, 0, 1)) {
            camera.frame(frames.get(0));
            assertClosedFor("idle-timeout", camera, before);
        }
        assertEquals("offline", relay.stream("stream34").get("state"));
    }

    @Test
    void lineOverOneKibibyte() throws Exception {
        long before = relay.closedFor("line-too-long");
        try (FakeCamera camera = FakeCamera.connect(relay.ingestPort())) {
            camera.send(("STREAM " + "x".repeat(1100)).getBytes(StandardCharsets.US_ASCII));
            assertTrue(camera.readLine(5000).startsWith("ERR line-too-long"));
            assertClosedFor("line-too-long", camera, before);
        }
    }

    @Test
    void textHandshakeErrorsAreAnswered() throws Exception {
        String[][] cases = {
            {"STREAM bad/name mjpeg", "ERR bad-name"},
            {"STREAM cam vp9", "ERR bad-request"},
            {"STREAM cam mjpeg colour=blue", "ERR bad-request"},
        };
        for (String[] c : cases) {
            StringBuilder answer = new StringBuilder();
            try (FakeCamera camera = FakeCamera.text(relay.ingestPort(), c[0], answer)) {
                assertTrue(answer.toString().startsWith(c[1]), c[0] + " answered " + answer);
                assertTrue(camera.closedByServer(5000));
            }
        }
        assertEquals(null, relay.stream("cam"), "a rejected handshake creates no stream");
    }

    @Test
    void moreStreamsThanTheLimit() throws Exception {
        long before = relay.closedFor("stream-limit");
        int existing = ((List<?>) relay.json("/api/streams").get("streams")).size();
        List<FakeCamera> cameras = new java.util.ArrayList<>();
        try {
            for (int i = existing; i < 12; i++) {
                StringBuilder answer = new StringBuilder();
                cameras.add(
                        FakeCamera.text(relay.ingestPort(), "STREAM limit" + i + " mjpeg", answer));
                assertEquals("OK", answer.toString());
            }
            StringBuilder answer = new StringBuilder();
            try (FakeCamera over =
                    FakeCamera.text(relay.ingestPort(), "STREAM onetoomany mjpeg", answer)) {
                assertTrue(answer.toString().startsWith("ERR stream-limit"), answer.toString());
                assertTrue(over.closedByServer(5000));
            }
            assertEquals(before + 1, relay.closedFor("stream-limit"));
            for (FakeCamera camera : cameras) {
                assertFalse(camera.closedByServer(50), "cameras within the limit stay connected");
            }
        } finally {
            for (FakeCamera camera : cameras) {
                camera.close();
            }
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfHandshakesOpen() throws Exception {
        long before = relay.closedFor("handshake-evicted");
        List<FakeCamera> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < IngestServer.MAX_PENDING_HANDSHAKES_PER_ADDRESS; i++) {
                waiting.add(FakeCamera.connect(relay.ingestPort()));
            }
            RelayFixture.await(
                    "all pending",
                    Duration.ofSeconds(5),
                    () ->
                            relay.closedFor("handshake-evicted") == before
                                    && ((Number) relay.json("/api/ingest").get("openConnections"))
                                                    .intValue()
                                            >= IngestServer.MAX_PENDING_HANDSHAKES_PER_ADDRESS + 1);
            try (FakeCamera oneMore = FakeCamera.connect(relay.ingestPort())) {
                assertTrue(
                        waiting.get(0).closedByServer(5000),
                        "the address's oldest pending handshake gives way");
                assertEquals(
                        before + 1,
                        relay.closedFor("handshake-evicted"),
                        "only the oldest was evicted");
                assertFalse(waiting.get(1).closedByServer(100), "the others still wait");
            }
        } finally {
            for (FakeCamera camera : waiting) {
                camera.close();
            }
        }
    }

    @Test
    void markupInANameIsRefusedAndNeverEchoedAsHtml() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(
                        relay.ingestPort(), "STREAM <script>alert(1)</script> mjpeg", answer)) {
            assertTrue(answer.toString().startsWith("ERR bad-name"), answer.toString());
        }
        var response = relay.get("/mjpeg/%3Cscript%3Ealert(1)%3C");
        assertEquals(404, response.statusCode());
        assertEquals(
                "nosniff", response.headers().firstValue("x-content-type-options").orElse(null));
        assertTrue(
                response.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                "never rendered as HTML");
        String api =
                new String(
                        relay.get("/api/streams").body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!api.contains("<script>"), api);
        var page = relay.get("/");
        assertTrue(
                page.headers()
                        .firstValue("content-security-policy")
                        .orElse("")
                        .contains("script-src 'self'"),
                "the dashboard runs only its own scripts");
    }
}

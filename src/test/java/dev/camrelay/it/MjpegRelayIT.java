package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A camera pushes MJPEG over the legacy and text protocols; browsers watch over HTTP. */
class MjpegRelayIT {
    private static RelayFixture relay;
    private static List<byte[]> frames;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--mjpeg.repeat=300ms");
        frames = Jpegs.testsrc();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void twoViewersReceiveByteExactJpegsFromALegacyCamera() throws Exception {
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 7, 0, 1)) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "stream7 is live",
                    Duration.ofSeconds(5),
                    () -> relay.stream("stream7") != null);
            try (MjpegReader a = MjpegReader.open(relay.httpPort(), "/mjpeg/stream7");
                    MjpegReader b = MjpegReader.open(relay.httpPort(), "/stream7")) {
                assertEquals(200, a.status());
                assertEquals(
                        "multipart/x-mixed-replace; boundary=camrelay-frame",
                        a.header("content-type"));
                assertTrue(a.header("cache-control").contains("no-store"));
                assertEquals(null, a.header("content-encoding"));
                assertArrayEquals(
                        frames.get(0), a.nextJpeg(), "a new viewer gets the latest JPEG at once");
                assertArrayEquals(frames.get(0), b.nextJpeg());
                for (int i = 1; i < frames.size(); i++) {
                    camera.frame(frames.get(i));
                    assertArrayEquals(
                            frames.get(i),
                            a.nextJpegAfter(frames.get(i - 1)),
                            "viewer a, frame " + i);
                    assertArrayEquals(
                            frames.get(i),
                            b.nextJpegAfter(frames.get(i - 1)),
                            "viewer b (legacy /stream7 route), frame " + i);
                }
                Map<String, Object> api = relay.stream("stream7");
                assertEquals("mjpeg", api.get("format"));
                assertEquals("live", api.get("state"));
                assertEquals(160, api.get("width"));
                assertEquals(120, api.get("height"));
                assertEquals(frames.size(), ((Number) api.get("framesIn")).intValue());
                assertEquals(2, api.get("viewers"));
            }
        }
    }

    @Test
    void lateJoinerGetsTheLatestFrameImmediatelyThenLiveFrames() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM late mjpeg quality=low", answer)) {
            assertEquals("OK", answer.toString());
            for (byte[] frame : frames) {
                camera.frame(frame);
            }
            RelayFixture.await(
                    "all frames ingested",
                    Duration.ofSeconds(5),
                    () ->
                            relay.stream("late") != null
                                    && ((Number) relay.stream("late").get("framesIn")).intValue()
                                            == frames.size());
            long joined = System.nanoTime();
            try (MjpegReader viewer =
                    MjpegReader.open(relay.httpPort(), "/mjpeg/late?quality=high")) {
                assertArrayEquals(
                        frames.get(frames.size() - 1),
                        viewer.nextJpeg(),
                        "the latest frame, from the low rendition since there is no high one");
                System.out.printf(
                        "late joiner: first JPEG %.1f ms after connecting%n",
                        (System.nanoTime() - joined) / 1e6);
                camera.frame(frames.get(2));
                assertArrayEquals(
                        frames.get(2), viewer.nextJpegAfter(frames.get(frames.size() - 1)));
            }
        }
    }

    @Test
    void rawFramingWithGarbageBetweenImagesDeliversOnlyWholeJpegs() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM raw1 mjpeg framing=raw", answer)) {
            assertEquals("OK", answer.toString());
            camera.send("noise before the first image".getBytes(StandardCharsets.US_ASCII));
            camera.send(frames.get(0));
            RelayFixture.await(
                    "first raw frame",
                    Duration.ofSeconds(5),
                    () ->
                            relay.stream("raw1") != null
                                    && ((Number) relay.stream("raw1").get("framesIn")).intValue()
                                            == 1);
            try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/raw1")) {
                assertArrayEquals(frames.get(0), viewer.nextJpeg());
                byte[] two = frames.get(1);
                camera.send(java.util.Arrays.copyOfRange(two, 0, 100));
                camera.send(new byte[] {0x00, 0x13});
                camera.send(java.util.Arrays.copyOfRange(two, 100, two.length));
                byte[] received = viewer.nextJpeg();
                assertTrue(received.length > 0);
                camera.send(frames.get(3));
                byte[] next = received;
                while (!java.util.Arrays.equals(next, frames.get(3))) {
                    next = viewer.nextJpeg();
                    assertTrue(
                            next.length > 4 && (next[0] & 0xFF) == 0xFF && (next[1] & 0xFF) == 0xD8,
                            "only JPEGs are forwarded");
                }
            }
        }
    }

    @Test
    void theLatestFrameIsRepeatedWhileTheCameraIsSilent() throws Exception {
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 8, 0, 1)) {
            camera.frame(frames.get(5));
            RelayFixture.await(
                    "stream8 is live",
                    Duration.ofSeconds(5),
                    () -> relay.stream("stream8") != null);
            try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/stream8")) {
                assertArrayEquals(frames.get(5), viewer.nextJpeg());
                long before = System.nanoTime();
                assertArrayEquals(
                        frames.get(5), viewer.nextJpeg(), "the keep-alive repeat of the same JPEG");
                assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos());
            }
        }
    }

    @Test
    void snapshotsAndUnknownStreams() throws Exception {
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 9, 0, 1)) {
            camera.frame(frames.get(4));
            RelayFixture.await(
                    "stream9 is live",
                    Duration.ofSeconds(5),
                    () -> relay.stream("stream9") != null);
            HttpResponse<byte[]> snapshot = relay.get("/snapshot/stream9.jpg");
            assertEquals(200, snapshot.statusCode());
            assertEquals("image/jpeg", snapshot.headers().firstValue("content-type").orElse(null));
            assertArrayEquals(frames.get(4), snapshot.body());
        }
        HttpResponse<byte[]> missing = relay.get("/snapshot/nosuch.jpg");
        assertEquals(404, missing.statusCode());
        assertTrue(
                new String(missing.body(), StandardCharsets.UTF_8)
                        .contains("unknown stream 'nosuch'"));
        assertEquals(404, relay.get("/mjpeg/nosuch").statusCode());
        assertEquals(200, relay.get("/healthz").statusCode());
        assertEquals(200, relay.get("/readyz").statusCode());
        assertNotNull(relay.json("/api/ingest").get("closedByReason"));
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.StampedWsViewer;
import dev.camrelay.testing.StampedWsViewer.Close;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The latency badge's relay side on a real Jetty: {@code ?stamps=1} puts each frame's arrival on
 * the relay clock ahead of the frame, viewers' reports show in /api/streams, and bad or too many
 * reports are refused, counted and bounded.
 */
class LatencyReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static long relayNowMicros() throws Exception {
        return ((Number) relay.json("/api/time").get("nowUs")).longValue();
    }

    private static long stamp(Object message) throws Exception {
        String text = assertInstanceOf(String.class, message, "a stamp before each frame");
        return JSON.readTree(text).get("arrivalUs").asLong();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viewerLatency(String name) throws Exception {
        Map<String, Object> stream = relay.stream(name);
        return stream == null ? null : (Map<String, Object>) stream.get("viewerLatency");
    }

    /** Reads until this JPEG arrives: the viewer is still served. */
    private static void awaitFrame(StampedWsViewer viewer, byte[] jpeg) throws Exception {
        Object next = viewer.next();
        while (!(next instanceof byte[] bytes && Arrays.equals(bytes, jpeg))) {
            next = viewer.next();
        }
    }

    @Test
    void stampsPrecedeEachFrameOnTheRelayClock() throws Exception {
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM stampcam mjpeg", new StringBuilder())) {
            long beforeFirst = relayNowMicros();
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "first frame in",
                    Duration.ofSeconds(5),
                    () -> relay.stream("stampcam") != null);
            try (StampedWsViewer stamped =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/stampcam?stamps=1");
                    StampedWsViewer plain =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/stampcam")) {
                long joined = stamp(stamped.next());
                assertArrayEquals(frames.get(0), (byte[]) stamped.next());
                assertTrue(joined >= beforeFirst && joined <= relayNowMicros(), "join frame");
                assertArrayEquals(frames.get(0), (byte[]) plain.next(), "no stamps unasked");
                for (int i = 1; i < 4; i++) {
                    long before = relayNowMicros();
                    camera.frame(frames.get(i));
                    long arrival = stamp(stamped.next());
                    assertArrayEquals(frames.get(i), (byte[]) stamped.next());
                    long after = relayNowMicros();
                    assertTrue(
                            arrival >= before && arrival <= after,
                            arrival + " not within [" + before + ", " + after + "]");
                    assertArrayEquals(frames.get(i), (byte[]) plain.next(), "no stamps unasked");
                }
            }
        }
    }

    @Test
    void reportsShowInTheApiAndBadOnesAreRefused() throws Exception {
        try (FakeCamera camera =
                FakeCamera.text(
                        relay.ingestPort(), "STREAM reportcam mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "stream listed",
                    Duration.ofSeconds(5),
                    () -> relay.stream("reportcam") != null);
            try (StampedWsViewer first =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/reportcam?stamps=1");
                    StampedWsViewer second =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/reportcam?stamps=1")) {
                first.next();
                second.next();
                assertNull(viewerLatency("reportcam"), "nothing before any report");
                first.say("{\"p50\":12.5,\"p90\":30,\"n\":280}");
                second.say("{\"p50\":20.5,\"p90\":41.5,\"n\":290}");
                RelayFixture.await(
                        "both reports listed",
                        Duration.ofSeconds(5),
                        () -> {
                            Map<String, Object> l = viewerLatency("reportcam");
                            return l != null && ((Number) l.get("viewers")).intValue() == 2;
                        });
                Map<String, Object> latency = viewerLatency("reportcam");
                assertEquals(16.5, ((Number) latency.get("medianP50Ms")).doubleValue());
                assertEquals(41.5, ((Number) latency.get("worstP90Ms")).doubleValue());
                assertEquals(2, ((Number) latency.get("reports")).intValue());

                // a report right after the last one is refused and counted, not kept
                for (int i = 0; i < 5; i++) {
                    first.say("{\"p50\":999,\"p90\":999,\"n\":1}");
                }
                RelayFixture.await(
                        "early reports counted",
                        Duration.ofSeconds(5),
                        () ->
                                ((Number) viewerLatency("reportcam").get("rejected")).intValue()
                                        == 5);
                assertEquals(
                        16.5,
                        ((Number) viewerLatency("reportcam").get("medianP50Ms")).doubleValue(),
                        "refused reports are not kept");

                // a malformed report closes only its own socket, with 1007 and the reason
                second.say("{\"p50\":\"fast\",\"p90\":1,\"n\":1}");
                Close close = second.closed(10_000);
                assertEquals(1007, close.code());
                assertTrue(close.reason().contains("p50"), close.reason());
                RelayFixture.await(
                        "closed viewer's report gone, refusal counted",
                        Duration.ofSeconds(5),
                        () -> {
                            Map<String, Object> l = viewerLatency("reportcam");
                            return ((Number) l.get("viewers")).intValue() == 1
                                    && ((Number) l.get("rejected")).intValue() == 6;
                        });
                camera.frame(frames.get(1));
                awaitFrame(first, frames.get(1));
            }
            RelayFixture.await(
                    "no reporter left",
                    Duration.ofSeconds(5),
                    () -> viewerLatency("reportcam") == null);
        }
    }

    @Test
    void reportsAreBoundedInSizeAndIgnoredWithoutStamps() throws Exception {
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM boundcam mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "stream listed", Duration.ofSeconds(5), () -> relay.stream("boundcam") != null);
            try (StampedWsViewer huge =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/boundcam?stamps=1");
                    StampedWsViewer plain =
                            StampedWsViewer.connect(relay.httpPort(), "/ws/boundcam")) {
                huge.next();
                plain.next();
                huge.say("{\"p50\":1,\"p90\":2,\"n\":3,\"pad\":\"" + "x".repeat(5000) + "\"}");
                assertEquals(1009, huge.closed(10_000).code(), "message too big");
                plain.say("{\"p50\":1,\"p90\":2,\"n\":3}");
                plain.say("not a report");
                camera.frame(frames.get(1));
                awaitFrame(plain, frames.get(1));
                assertNull(viewerLatency("boundcam"), "a viewer without stamps reports nothing");
            }
        }
    }
}

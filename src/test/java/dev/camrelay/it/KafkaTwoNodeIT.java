package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.WsViewer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two relay nodes in one JVM share a real in-process KRaft broker. A camera pushes to node A;
 * viewers on node B get its frames through Kafka: byte-identical JPEGs, and H.264 that starts with
 * SPS + PPS + IDR and decodes, MPEG-TS that starts at a sequence header and decodes, all within the
 * instant-start goal (500 ms); node B's API lists the camera with the node that ingests it, and
 * nothing node B read from Kafka is produced back. Viewers follow a camera that moves to another
 * node; a node that falls silent has its cameras offline within seconds.
 */
class KafkaTwoNodeIT {
    static final long INSTANT_START_MS = 500;

    private static KafkaBroker broker;
    private static RelayFixture nodeA;
    private static RelayFixture nodeB;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        nodeA = node(broker, "node-a");
        nodeB = node(broker, "node-b");
        warmUpWebSocketClient(nodeB);
    }

    /**
     * The first WebSocket connection of a JVM loads the client's classes (a few hundred ms on this
     * machine), the first MJPEG request the servlet's: pay that before the instant-start
     * measurements, which are about the path through Kafka.
     */
    static void warmUpWebSocketClient(RelayFixture node) throws Exception {
        try (WsViewer warmUp = WsViewer.connect(node.httpPort(), "/ws/no-such-stream")) {
            warmUp.closeCode(5000);
        }
        assertEquals(404, node.get("/mjpeg/no-such-stream").statusCode());
    }

    static RelayFixture node(KafkaBroker broker, String id, String... more) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--kafka.bootstrap=" + broker.bootstrap(),
                                "--kafka.node.id=" + id,
                                "--kafka.heartbeat=200ms",
                                "--kafka.presence.timeout=2s",
                                "--kafka.source.linger=2s"));
        args.addAll(List.of(more));
        return RelayFixture.start(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        nodeB.close();
        nodeA.close();
        broker.close();
    }

    @Test
    void mjpegFromNodeAReachesAViewerOnNodeBByteIdentical() throws Exception {
        List<byte[]> jpegs = Jpegs.testsrc();
        Set<ByteBuffer> sent = new HashSet<>();
        jpegs.forEach(j -> sent.add(ByteBuffer.wrap(j)));
        try (LoopingCamera camera =
                LoopingCamera.start(nodeA.ingestPort(), "kmjpeg", "mjpeg", jpegs, 20)) {
            awaitListed(nodeB, "kmjpeg", "node-a");
            long connected = System.nanoTime();
            try (MjpegReader viewer = MjpegReader.open(nodeB.httpPort(), "/mjpeg/kmjpeg")) {
                assertEquals(200, viewer.status());
                byte[] first = viewer.nextJpeg();
                long firstMs = (System.nanoTime() - connected) / 1_000_000;
                System.out.printf(
                        "Kafka MJPEG: first JPEG on node B %d ms after connecting%n", firstMs);
                assertTrue(firstMs <= INSTANT_START_MS, "first picture after " + firstMs + " ms");
                assertTrue(
                        sent.contains(ByteBuffer.wrap(first)),
                        "the first JPEG is one the camera sent, byte for byte");
                byte[] previous = first;
                for (int i = 0; i < 20; i++) {
                    byte[] next = viewer.nextJpegAfter(previous);
                    assertTrue(
                            sent.contains(ByteBuffer.wrap(next)),
                            "JPEG " + i + " is byte-identical to one the camera sent");
                    previous = next;
                }
            }
        }
        assertEquals(
                0L,
                sinkAccepted(nodeB),
                "node B has no camera: it must never produce what it read from Kafka");
        String metricsA =
                new String(nodeA.get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
        String metricsB =
                new String(nodeB.get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                metricsA.lines()
                        .anyMatch(
                                l ->
                                        l.startsWith("camrelay_kafka_sink_frames_produced_total ")
                                                && !l.endsWith(" 0.0")),
                "node A's metrics count the frames it produced");
        assertTrue(
                metricsB.contains("camrelay_kafka_sink_frames_produced_total 0.0"),
                "node B produced nothing");
        assertTrue(metricsB.contains("camrelay_kafka_source_feeds "), "node B reports its feeds");
    }

    @Test
    void h264FromNodeAStartsWithSpsPpsIdrOnNodeBAndDecodes() throws Exception {
        List<byte[]> units =
                LoopingCamera.accessUnits(Jpegs.resource("h264/baseline-320x240.h264"));
        try (LoopingCamera camera =
                LoopingCamera.start(nodeA.ingestPort(), "kh264", "h264", units, 25)) {
            awaitListed(nodeB, "kh264", "node-a");
            // join mid-GOP: wait until the camera is past a keyframe
            long target = camera.sent() + 15;
            RelayFixture.await(
                    "the camera is mid-GOP", Duration.ofSeconds(5), () -> camera.sent() >= target);
            try (WsViewer viewer = WsViewer.connect(nodeB.httpPort(), "/ws/kh264")) {
                List<byte[]> messages = new ArrayList<>();
                messages.add(viewer.next());
                double firstMs = (viewer.nextArrival() - viewer.connectNanos()) / 1e6;
                System.out.printf(
                        "Kafka H.264: first decodable picture on node B %.1f ms after connecting%n",
                        firstMs);
                assertTrue(firstMs <= INSTANT_START_MS, "first picture after " + firstMs + " ms");
                List<Integer> types = Ffmpeg.nalTypes(messages.get(0));
                assertEquals(List.of(7, 8), types.subList(0, 2), "SPS and PPS first: " + types);
                assertTrue(types.contains(5), "then an IDR: " + types);
                for (int i = 1; i < 30; i++) {
                    messages.add(viewer.next());
                }
                var file = Ffmpeg.write(messages);
                assertEquals(
                        "",
                        Ffmpeg.decodeErrors(file),
                        "ffmpeg -xerror decodes what the viewer on node B received");
                assertEquals(30, Ffmpeg.countFrames(file), "one picture per message");
            }
        }
        System.out.println(
                "Kafka-added latency on node B (ingest on A to publish on B): "
                        + kafka(nodeB).get("source"));
        assertEquals(
                0L,
                sinkAccepted(nodeB),
                "node B has no camera: it must never produce what it read from Kafka");
    }

    @Test
    void mpegTsPushedToNodeAStartsAtASequenceHeaderOnNodeBAndDecodes() throws Exception {
        Process ffmpeg = Ffmpeg.liveTs(30, "http://127.0.0.1:" + nodeA.httpPort() + "/ingest/kts");
        try {
            awaitListed(nodeB, "kts", "node-a");
            RelayFixture.await(
                    "kts past its first GOP",
                    Duration.ofSeconds(15),
                    () -> ((Number) nodeA.stream("kts").get("framesIn")).intValue() >= 35);
            try (WsViewer viewer = WsViewer.connect(nodeB.httpPort(), "/ws/kts")) {
                List<byte[]> messages = new ArrayList<>();
                messages.add(viewer.next());
                double firstMs = (viewer.nextArrival() - viewer.connectNanos()) / 1e6;
                System.out.printf(
                        "Kafka TS: first picture on node B %.1f ms after connecting%n", firstMs);
                assertTrue(firstMs <= INSTANT_START_MS, "first picture after " + firstMs + " ms");
                TsRelayIT.assertStartsAtSequenceHeader(messages.get(0));
                for (int i = 1; i < 50; i++) {
                    messages.add(viewer.next());
                }
                assertEquals(
                        "",
                        Ffmpeg.decodeErrors(Ffmpeg.write(messages), "mpegts"),
                        "what the viewer on node B received decodes");
            }
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void viewersFollowACameraThatReconnectsToAnotherNode() throws Exception {
        List<byte[]> jpegs = Jpegs.testsrc();
        Set<ByteBuffer> sent = new HashSet<>();
        jpegs.forEach(j -> sent.add(ByteBuffer.wrap(j)));
        try (MjpegReader viewerOnA = openWhenLive(jpegs)) {
            // the camera now comes back through another node (the ingress mesh may send it
            // anywhere)
            try (LoopingCamera onB =
                    LoopingCamera.start(nodeB.ingestPort(), "mover", "mjpeg", jpegs, 20)) {
                awaitListed(nodeA, "mover", "node-b");
                long framesBefore = ((Number) nodeA.stream("mover").get("framesIn")).longValue();
                RelayFixture.await(
                        "node A fed from node B through Kafka",
                        Duration.ofSeconds(10),
                        () ->
                                ((Number) nodeA.stream("mover").get("framesIn")).longValue()
                                        >= framesBefore + 10);
                byte[] previous = viewerOnA.nextJpeg();
                for (int i = 0; i < 5; i++) {
                    previous = viewerOnA.nextJpegAfter(previous);
                    assertTrue(
                            sent.contains(ByteBuffer.wrap(previous)),
                            "the viewer on node A, connected all along, gets the camera's frames");
                }
            }
        }
    }

    /** A camera "mover" on node A with a viewer there; the camera then leaves node A. */
    private static MjpegReader openWhenLive(List<byte[]> jpegs) throws Exception {
        try (LoopingCamera onA =
                LoopingCamera.start(nodeA.ingestPort(), "mover", "mjpeg", jpegs, 20)) {
            awaitListed(nodeA, "mover", "node-a");
            MjpegReader viewer = MjpegReader.open(nodeA.httpPort(), "/mjpeg/mover");
            viewer.nextJpeg();
            return viewer;
        } finally {
            RelayFixture.await(
                    "mover offline on node A",
                    Duration.ofSeconds(5),
                    () -> "offline".equals(nodeA.stream("mover").get("state")));
        }
    }

    @Test
    void aNodeThatStopsHeartbeatingHasItsCamerasOfflineWithinSeconds() throws Exception {
        // a node that crashed: it announced a live camera once, then fell silent without a goodbye
        String presence =
                "{\"node\":\"ghost\",\"streams\":[{\"name\":\"ghostcam\",\"quality\":\"high\",\"format\":\"mjpeg\","
                        + "\"state\":\"live\",\"codec\":null,\"width\":160,\"height\":120,\"fpsIn\":10.0,\"topic\":\"ghostcam_mjpg_high\"}]}";
        try (var producer = broker.producer()) {
            producer.send(
                            new ProducerRecord<>(
                                    "camrelay_presence",
                                    "ghost",
                                    presence.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        long lastHeartbeat = System.nanoTime();
        awaitListed(nodeB, "ghostcam", "ghost");
        RelayFixture.await(
                "ghostcam offline on node B",
                Duration.ofSeconds(10),
                () -> "offline".equals(nodeB.stream("ghostcam").get("state")));
        long offlineMs = (System.nanoTime() - lastHeartbeat) / 1_000_000;
        System.out.printf(
                "Kafka directory: a silent node's camera offline %d ms after its last heartbeat (timeout 2 s)%n",
                offlineMs);
        assertTrue(offlineMs <= 4000, "offline after " + offlineMs + " ms");
        assertEquals("offline", nodeA.stream("ghostcam").get("state"), "every node agrees");
    }

    static void awaitListed(RelayFixture node, String name, String ingestNode) throws Exception {
        RelayFixture.await(
                name + " listed as live on " + ingestNode,
                Duration.ofSeconds(15),
                () -> {
                    Map<String, Object> s = node.stream(name);
                    return s != null
                            && ingestNode.equals(s.get("node"))
                            && "live".equals(s.get("state"));
                });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> kafka(RelayFixture node) throws Exception {
        return (Map<String, Object>) node.json("/api/ingest").get("kafka");
    }

    @SuppressWarnings("unchecked")
    static long sinkAccepted(RelayFixture node) throws Exception {
        return ((Number) ((Map<String, Object>) kafka(node).get("sink")).get("accepted"))
                .longValue();
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.MjpegReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker becomes unreachable while a camera streams to node A: A's local viewer keeps
 * receiving, A's sink drops and counts frames within its bounds instead of queueing them, and once
 * the broker is back the viewer on node B gets live frames again without reconnecting. A node whose
 * Kafka was never reachable starts, serves its own cameras and stops promptly.
 */
class KafkaBrokerDownIT {
    private static final int QUEUE_FRAMES = 16;
    private static final int QUEUE_BYTES = 256 * 1024;

    private static KafkaBroker broker;
    private static RelayFixture nodeA;
    private static RelayFixture nodeB;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        nodeA =
                KafkaTwoNodeIT.node(
                        broker,
                        "node-a",
                        "--kafka.sink.queue.frames=" + QUEUE_FRAMES,
                        "--kafka.sink.queue.bytes=" + QUEUE_BYTES);
        nodeB = KafkaTwoNodeIT.node(broker, "node-b");
    }

    @AfterAll
    static void stop() throws Exception {
        nodeB.close();
        nodeA.close();
        broker.close();
    }

    @Test
    void localViewingGoesOnWhileKafkaIsAwayAndTheRemoteViewerResumesAfter() throws Exception {
        try (LoopingCamera camera =
                LoopingCamera.start(nodeA.ingestPort(), "outage", "mjpeg", Jpegs.testsrc(), 25)) {
            KafkaTwoNodeIT.awaitListed(nodeB, "outage", "node-a");
            try (MjpegReader local = MjpegReader.open(nodeA.httpPort(), "/mjpeg/outage");
                    MjpegReader remote = MjpegReader.open(nodeB.httpPort(), "/mjpeg/outage")) {
                remote.nextJpeg();
                local.nextJpeg();
                long droppedBefore = dropped(nodeA);

                broker.cut();
                long cutAt = System.nanoTime();
                byte[] previous = local.nextJpeg();
                while (System.nanoTime() - cutAt < 7_000_000_000L) {
                    // longer than the producer's delivery timeout (5 s): buffered sends fail and
                    // are counted too
                    previous = local.nextJpegAfter(previous);
                    assertQueueBounded(sink(nodeA));
                }
                long droppedDuring = dropped(nodeA) - droppedBefore;
                System.out.printf(
                        "Kafka away for 7 s: node A's viewer kept receiving; sink dropped %d frame(s): %s%n",
                        droppedDuring, sink(nodeA).get("droppedByReason"));
                assertTrue(
                        droppedDuring > 0, "frames were dropped and counted while Kafka was away");
                long framesInB = framesIn(nodeB);

                broker.restore();
                long restoredAt = System.nanoTime();
                RelayFixture.await(
                        "node B gets live frames again",
                        Duration.ofSeconds(30),
                        () -> framesIn(nodeB) >= framesInB + 25);
                System.out.printf(
                        "Kafka back: node B live again after %d ms%n",
                        (System.nanoTime() - restoredAt) / 1_000_000);
                byte[] last = remote.nextJpeg();
                remote.nextJpegAfter(last);
            }
        }
    }

    @Test
    void aNodeStartsAndServesItsOwnCamerasWhileKafkaWasNeverReachable() throws Exception {
        int nothingListens;
        try (java.net.ServerSocket probe =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nothingListens = probe.getLocalPort();
        }
        RelayFixture alone =
                RelayFixture.start(
                        "--kafka.bootstrap=127.0.0.1:" + nothingListens,
                        "--kafka.node.id=alone",
                        "--kafka.sink.queue.frames=" + QUEUE_FRAMES,
                        "--kafka.sink.queue.bytes=" + QUEUE_BYTES);
        try (LoopingCamera camera =
                        LoopingCamera.start(
                                alone.ingestPort(), "lonely", "mjpeg", Jpegs.testsrc(), 25);
                MjpegReader viewer = MjpegReader.open(alone.httpPort(), "/mjpeg/lonely")) {
            byte[] previous = viewer.nextJpeg();
            for (int i = 0; i < 10; i++) {
                previous = viewer.nextJpegAfter(previous);
            }
            RelayFixture.await(
                    "frames dropped and counted at the sink",
                    Duration.ofSeconds(10),
                    () -> dropped(alone) > 0);
            assertQueueBounded(sink(alone));
        } finally {
            long closing = System.nanoTime();
            alone.close();
            long closeMs = (System.nanoTime() - closing) / 1_000_000;
            assertTrue(
                    closeMs < 10_000,
                    "a node without Kafka still stops promptly: " + closeMs + " ms");
        }
    }

    private static void assertQueueBounded(Map<String, Object> sink) {
        long frames = ((Number) sink.get("queuedFrames")).longValue();
        long bytes = ((Number) sink.get("queuedBytes")).longValue();
        assertTrue(
                frames <= QUEUE_FRAMES && bytes <= QUEUE_BYTES,
                "sink queue within its bounds: " + sink);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sink(RelayFixture node) throws Exception {
        return (Map<String, Object>) KafkaTwoNodeIT.kafka(node).get("sink");
    }

    @SuppressWarnings("unchecked")
    private static long dropped(RelayFixture node) throws Exception {
        return ((Map<String, Number>) sink(node).get("droppedByReason"))
                .values().stream().mapToLong(Number::longValue).sum();
    }

    private static long framesIn(RelayFixture node) throws Exception {
        Map<String, Object> s = node.stream("outage");
        return s == null ? 0 : ((Number) s.get("framesIn")).longValue();
    }
}

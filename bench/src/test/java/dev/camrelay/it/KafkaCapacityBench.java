package dev.camrelay.it;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a test: it lives under bench/ and compiles only in the {@code bench} profile
 * (beside the ITs' helpers in this package), so it is never part of {@code mvn verify}. Run with
 * {@code mvn -Pbench verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=KafkaCapacityBench} ({@code -Dbench.streams=10,20,40} picks the stream counts).
 * Node A ingests N MJPEG cameras and sinks them; node B has one viewer per stream and sources
 * them all. Prints offered, produced and consumed frame rates, drops, and the Kafka-added latency
 * (ingest on A to publish on B) for growing N. Everything shares this machine's cores, so the
 * numbers are a floor, not a ceiling. Results go to docs/SCALING.md.
 */
class KafkaCapacityBench {
    private static final int FPS = 25;
    private static final int FRAME_BYTES = 50_000;
    private static final long WARMUP_NANOS = 4_000_000_000L;
    private static final long WINDOW_NANOS = 8_000_000_000L;

    @Test
    void sinkAndSourceCapacity() throws Exception {
        byte[] jpeg = Jpegs.padded(Jpegs.testsrc().get(0), FRAME_BYTES);
        System.out.println("streams x fps | offered fps | sunk fps (A) | sink drops | sourced fps (B) | latency p50 / p99 ms | JVM CPU %");
        for (String count : System.getProperty("bench.streams", "10,20,30,40").split(",")) {
            int streams = Integer.parseInt(count.trim());
            try (KafkaBroker broker = KafkaBroker.start();
                 RelayFixture nodeA = KafkaTwoNodeIT.node(broker, "node-a", "--max.streams=256");
                 RelayFixture nodeB = KafkaTwoNodeIT.node(broker, "node-b", "--max.streams=256", "--viewer.stall.timeout=120s")) {
                run(nodeA, nodeB, streams, jpeg);
            }
        }
    }

    private static void run(RelayFixture nodeA, RelayFixture nodeB, int streams, byte[] jpeg) throws Exception {
        List<LoopingCamera> cameras = new ArrayList<>();
        List<DrainingViewer> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                cameras.add(LoopingCamera.start(nodeA.ingestPort(), "bench" + i, "mjpeg", List.of(jpeg), FPS));
            }
            for (int i = 0; i < streams; i++) {
                KafkaTwoNodeIT.awaitListed(nodeB, "bench" + i, "node-a");
                viewers.add(new DrainingViewer(nodeB.httpPort(), "/mjpeg/bench" + i));
            }
            RelayFixture.await("every stream sourced on node B", Duration.ofSeconds(30), () -> sourced(nodeB) >= streams);
            // warm-up: topic creation and the first catch-ups are over before the window opens
            java.util.concurrent.locks.LockSupport.parkNanos(WARMUP_NANOS);
            long sent0 = sent(cameras);
            long produced0 = sink(nodeA, "produced");
            long dropped0 = sinkDrops(nodeA);
            long in0 = framesIn(nodeB);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(WINDOW_NANOS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / seconds / Runtime.getRuntime().availableProcessors() * 100;
            @SuppressWarnings("unchecked")
            Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) KafkaTwoNodeIT.kafka(nodeB).get("source")).get("latency");
            System.out.printf("%3d x %d | %7.0f | %7.0f | %6d | %7.0f | %s / %s | %.0f%n", streams, FPS,
                    (sent(cameras) - sent0) / seconds, (sink(nodeA, "produced") - produced0) / seconds, sinkDrops(nodeA) - dropped0,
                    (framesIn(nodeB) - in0) / seconds, latency.get("p50Ms"), latency.get("p99Ms"), cpu);
        } finally {
            for (DrainingViewer viewer : viewers) {
                viewer.close();
            }
            for (LoopingCamera camera : cameras) {
                camera.close();
            }
        }
    }

    private static long sent(List<LoopingCamera> cameras) {
        return cameras.stream().mapToLong(LoopingCamera::sent).sum();
    }

    @SuppressWarnings("unchecked")
    private static long sink(RelayFixture node, String key) throws Exception {
        return ((Number) ((Map<String, Object>) KafkaTwoNodeIT.kafka(node).get("sink")).get(key)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static long sinkDrops(RelayFixture node) throws Exception {
        Map<String, Object> sink = (Map<String, Object>) KafkaTwoNodeIT.kafka(node).get("sink");
        return ((Map<String, Number>) sink.get("droppedByReason")).values().stream().mapToLong(Number::longValue).sum();
    }

    @SuppressWarnings("unchecked")
    private static int sourced(RelayFixture node) throws Exception {
        return ((Number) ((Map<String, Object>) KafkaTwoNodeIT.kafka(node).get("source")).get("feeds")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static long framesIn(RelayFixture node) throws Exception {
        List<Map<String, Object>> streams = (List<Map<String, Object>>) node.json("/api/streams").get("streams");
        return streams.stream().mapToLong(s -> ((Number) s.get("framesIn")).longValue()).sum();
    }

    /** A viewer that reads and discards in bulk on its own thread: the relay never sees it stall, and parsing costs nothing. */
    private static final class DrainingViewer implements AutoCloseable {
        private final java.net.Socket socket;

        DrainingViewer(int port, String path) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[256 * 1024];
                try (var in = socket.getInputStream()) {
                    while (in.read(buffer) >= 0) {
                        // discard
                    }
                } catch (java.io.IOException e) {
                    // closed by the bench
                }
            }, "bench-viewer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}

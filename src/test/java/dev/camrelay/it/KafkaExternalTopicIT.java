package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.WsViewer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topics written by another producer in the original project's format (one frame per record, no
 * headers, topic {@code <name>_<mjpg|h264>_<low|high>}) are served as streams: listed by the API
 * and watchable like a local camera. The H.264 producer writes one NAL unit per record, as the
 * original cameras sent them.
 */
class KafkaExternalTopicIT {
    private static KafkaBroker broker;
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        relay =
                KafkaTwoNodeIT.node(
                        broker, "node-x", "--kafka.external=ext[0-9]+_(mjpg|h264)_(low|high)");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
        broker.close();
    }

    @Test
    void externalMjpegTopicIsServedByteIdentical() throws Exception {
        List<byte[]> jpegs = Jpegs.testsrc();
        Set<ByteBuffer> sent = new HashSet<>();
        jpegs.forEach(j -> sent.add(ByteBuffer.wrap(j)));
        broker.createTopic("ext1_mjpg_low");
        try (ExternalProducer producer =
                new ExternalProducer(broker.producer(), "ext1_mjpg_low", "ext1", jpegs, 20)) {
            awaitLive("ext1");
            assertEquals("low", relay.stream("ext1").get("quality"));
            assertEquals("mjpeg", relay.stream("ext1").get("format"));
            try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/ext1")) {
                byte[] previous = viewer.nextJpeg();
                assertTrue(
                        sent.contains(ByteBuffer.wrap(previous)),
                        "byte-identical to a record the producer wrote");
                for (int i = 0; i < 10; i++) {
                    previous = viewer.nextJpegAfter(previous);
                    assertTrue(
                            sent.contains(ByteBuffer.wrap(previous)),
                            "byte-identical to a record the producer wrote");
                }
            }
        }
    }

    @Test
    void externalH264TopicWithOneNalPerRecordStartsDecodable() throws Exception {
        List<byte[]> nals = new ArrayList<>();
        for (byte[] nal : Ffmpeg.nalUnitsOf(Jpegs.resource("h264/baseline-320x240.h264"))) {
            byte[] withStartCode = new byte[nal.length + 4];
            withStartCode[3] = 1;
            System.arraycopy(nal, 0, withStartCode, 4, nal.length);
            nals.add(withStartCode);
        }
        broker.createTopic("ext2_h264_high");
        try (ExternalProducer producer =
                new ExternalProducer(broker.producer(), "ext2_h264_high", "ext2", nals, 50)) {
            awaitLive("ext2");
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/ext2")) {
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    messages.add(viewer.next());
                }
                List<Integer> types = Ffmpeg.nalTypes(messages.get(0));
                assertEquals(List.of(7, 8), types.subList(0, 2), "SPS and PPS first: " + types);
                assertTrue(types.contains(5), "then an IDR: " + types);
                assertEquals(
                        "",
                        Ffmpeg.decodeErrors(Ffmpeg.write(messages)),
                        "what the viewer received decodes");
            }
        }
    }

    private static void awaitLive(String name) throws Exception {
        RelayFixture.await(
                name + " listed as a live external stream",
                Duration.ofSeconds(20),
                () -> {
                    Map<String, Object> s = relay.stream(name);
                    return s != null
                            && "external".equals(s.get("node"))
                            && "live".equals(s.get("state"));
                });
    }

    /**
     * Another program's producer: plain records, no headers, one frame (or NAL unit) each, at a
     * steady rate.
     */
    private static final class ExternalProducer implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Thread thread;
        private volatile boolean running = true;

        ExternalProducer(
                KafkaProducer<String, byte[]> producer,
                String topic,
                String key,
                List<byte[]> records,
                int perSecond) {
            this.producer = producer;
            this.thread =
                    new Thread(
                            () -> {
                                long next = System.nanoTime();
                                for (int i = 0; running; i = (i + 1) % records.size()) {
                                    producer.send(new ProducerRecord<>(topic, key, records.get(i)));
                                    next += 1_000_000_000L / perSecond;
                                    LockSupport.parkNanos(next - System.nanoTime());
                                }
                            },
                            "test-external-producer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join(2000);
            producer.close();
        }
    }
}

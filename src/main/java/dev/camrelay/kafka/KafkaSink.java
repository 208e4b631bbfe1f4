package dev.camrelay.kafka;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.stream.FrameTap;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces every frame this node's cameras publish to the stream's topic (key = stream name, value
 * = the frame, headers per {@link FrameHeaders}), and the offset of each H.264/TS keyframe to the
 * compacted index topic, so another node can start a viewer at the last keyframe.
 *
 * <p>The tap only enqueues ({@link SinkQueue}); the {@code camrelay-kafka-sink} thread owns the
 * topic bookkeeping and is the only caller of {@code send}, so the ingest thread never waits for
 * Kafka. The producer reconnects by itself; while Kafka is away frames are dropped and counted.
 */
final class KafkaSink implements FrameTap, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final long RETRY_TOPIC_NANOS = 1_000_000_000L;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final SinkQueue queue;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaClients clients;
    private final StreamRegistry registry;
    private final Thread thread;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();

    /**
     * Sink thread only: topics known to exist, those being created, and when creating one last
     * failed.
     */
    private final HashSet<String> ready = new HashSet<>();

    private final Map<String, Long> failedAt = new HashMap<>();
    private final Map<String, KafkaFuture<Void>> creating = new HashMap<>();
    private long lastLogNanos = System.nanoTime();
    private long lastLoggedDrops;
    private volatile boolean running = true;

    KafkaSink(
            SinkQueue queue,
            KafkaProducer<String, byte[]> producer,
            Admin admin,
            KafkaClients clients,
            StreamRegistry registry) {
        this.queue = queue;
        this.producer = producer;
        this.admin = admin;
        this.clients = clients;
        this.registry = registry;
        this.thread = new Thread(this::run, "camrelay-kafka-sink");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void frame(LiveStream stream, Frame frame) {
        long ageMicros = (System.nanoTime() - frame.ingestNanos()) / 1000;
        queue.offer(stream, frame, nowMicros() - ageMicros);
    }

    /** Wall-clock microseconds: comparable between nodes with synchronised clocks (NTP). */
    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    Map<String, Object> status() {
        Map<String, Object> status = queue.status();
        status.put("produced", produced.get());
        status.put("keyframesIndexed", indexed.get());
        return status;
    }

    private void run() {
        while (running) {
            try {
                SinkQueue.Outgoing next = queue.poll(200);
                if (next != null) {
                    send(next);
                }
                housekeeping();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("kafka sink: unexpected failure, continuing", e);
            }
        }
    }

    private void send(SinkQueue.Outgoing out) throws InterruptedException {
        SinkQueue.Lane lane = out.lane();
        StreamTopic topic = lane.topic;
        if (!topicReady(topic.topic())) {
            queue.dropped(lane, SinkQueue.Drop.TOPIC_PENDING);
            return;
        }
        Frame frame = out.frame();
        byte[] value = frame.copyPayload();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        topic.topic(),
                        null,
                        topic.key().name(),
                        value,
                        FrameHeaders.of(
                                topic.format(),
                                frame.keyframe(),
                                out.ingestMicros(),
                                frame.sequence()));
        boolean index = frame.keyframe() && topic.format() != Format.MJPEG;
        try {
            producer.send(
                    record,
                    (metadata, error) -> {
                        if (error != null) {
                            queue.dropped(lane, SinkQueue.Drop.SEND_FAILED);
                            return;
                        }
                        produced.incrementAndGet();
                        if (index) {
                            indexKeyframe(topic.topic(), metadata.offset());
                        }
                    });
        } catch (KafkaException e) {
            // metadata or buffer space did not come within max.block.ms: Kafka is away
            queue.dropped(lane, SinkQueue.Drop.KAFKA_UNAVAILABLE);
        }
    }

    /** Runs on the producer's I/O thread: a send that only appends to its buffer. */
    private void indexKeyframe(String topic, long offset) {
        try {
            producer.send(
                    new ProducerRecord<>(
                            StreamTopic.KEYFRAMES,
                            topic,
                            Long.toString(offset).getBytes(StandardCharsets.US_ASCII)),
                    (metadata, error) -> {
                        if (error == null) {
                            indexed.incrementAndGet();
                        }
                    });
        } catch (KafkaException e) {
            // a lost index entry only costs a later start point; the next keyframe writes a new one
        }
    }

    /**
     * True once the stream's topic exists. Creating it is asynchronous, so a new camera never holds
     * up the others' frames; its own first frames are dropped (counted) meanwhile.
     */
    private boolean topicReady(String topic) throws InterruptedException {
        if (ready.contains(topic)) {
            return true;
        }
        KafkaFuture<Void> pending = creating.get(topic);
        if (pending == null) {
            Long failed = failedAt.get(topic);
            if (failed == null || System.nanoTime() - failed >= RETRY_TOPIC_NANOS) {
                creating.put(topic, admin.createTopics(List.of(clients.streamTopic(topic))).all());
            }
            return false;
        }
        if (!pending.isDone()) {
            return false;
        }
        creating.remove(topic);
        try {
            pending.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                if (failedAt.put(topic, System.nanoTime()) == null) {
                    LOG.warn(
                            "kafka sink: cannot create topic {} ({}); its frames are dropped until it can",
                            topic,
                            e.getCause().toString());
                }
                return false;
            }
        }
        ready.add(topic);
        failedAt.remove(topic);
        return true;
    }

    /**
     * Once every 10 s at most: one line for the frames dropped meanwhile; forget lanes of streams
     * that are gone.
     */
    private void housekeeping() {
        long now = System.nanoTime();
        if (now - lastLogNanos < LOG_EVERY_NANOS) {
            return;
        }
        lastLogNanos = now;
        queue.retainLanes(new HashSet<>(registry.streams()));
        long drops = queue.dropCount();
        if (drops > lastLoggedDrops) {
            LOG.warn(
                    "kafka sink dropped {} frame(s) in the last 10 s: {}",
                    drops - lastLoggedDrops,
                    queue.status().get("droppedByReason"));
            lastLoggedDrops = drops;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

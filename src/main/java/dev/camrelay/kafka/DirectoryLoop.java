package dev.camrelay.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Origin;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.StreamSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code camrelay-kafka-directory} thread: reads the presence and keyframe-index topics from
 * the beginning into the {@link Directory} (a compacted topic's active segment is never compacted,
 * so the last value per key wins), announces this node's cameras every heartbeat, and lists the
 * external topics every few seconds. Owns its consumer; shares the thread-safe producer.
 */
final class DirectoryLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLoop.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final long EXTERNAL_SCAN_NANOS = 2_000_000_000L;

    private final Directory directory;
    private final StreamRegistry registry;
    private final KafkaClients clients;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Pattern> externalPatterns;
    private final long heartbeatNanos;
    private final Runnable everyHeartbeat;
    private final Thread thread;
    private final Map<String, Long> externalEnds = new HashMap<>();
    private volatile boolean running = true;
    private boolean assigned;
    private boolean reachable = true;
    private long lastHeartbeat;
    private long lastExternalScan;

    DirectoryLoop(
            Directory directory,
            StreamRegistry registry,
            KafkaClients clients,
            Admin admin,
            KafkaProducer<String, byte[]> producer,
            List<Pattern> externalPatterns,
            Duration heartbeat,
            Runnable everyHeartbeat) {
        this.directory = directory;
        this.registry = registry;
        this.clients = clients;
        this.admin = admin;
        this.producer = producer;
        this.consumer = clients.consumer("directory");
        this.externalPatterns = externalPatterns;
        this.heartbeatNanos = heartbeat.toNanos();
        this.everyHeartbeat = everyHeartbeat;
        this.thread = new Thread(this::run, "camrelay-kafka-directory");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (!assigned) {
                        assign();
                    }
                    for (ConsumerRecord<String, byte[]> record :
                            consumer.poll(Duration.ofMillis(100))) {
                        apply(record);
                    }
                    long now = System.nanoTime();
                    if (now - lastHeartbeat >= heartbeatNanos) {
                        lastHeartbeat = now;
                        announce(false);
                        everyHeartbeat.run();
                    }
                    if (!externalPatterns.isEmpty()
                            && now - lastExternalScan >= EXTERNAL_SCAN_NANOS) {
                        lastExternalScan = now;
                        scanExternal();
                    }
                    reachable(true);
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException
                        | java.util.concurrent.ExecutionException
                        | java.util.concurrent.TimeoutException e) {
                    reachable(false);
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void assign()
            throws InterruptedException,
                    java.util.concurrent.ExecutionException,
                    java.util.concurrent.TimeoutException {
        KafkaClients.ensure(
                admin,
                List.of(
                        clients.compactedTopic(StreamTopic.PRESENCE),
                        clients.compactedTopic(StreamTopic.KEYFRAMES)),
                5000);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(StreamTopic.PRESENCE, StreamTopic.KEYFRAMES)) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        assigned = true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.topic().equals(StreamTopic.KEYFRAMES)) {
            if (record.value() != null) {
                try {
                    directory.keyframe(
                            record.key(),
                            Long.parseLong(new String(record.value(), StandardCharsets.US_ASCII)));
                } catch (NumberFormatException e) {
                    // not ours to judge: another writer's entry; the stream falls back to a search
                    // for its keyframe
                }
            }
        } else if (record.value() == null) {
            directory.left(record.key());
        } else {
            try {
                directory.heard(JSON.readValue(record.value(), Presence.class), record.timestamp());
            } catch (IOException e) {
                LOG.warn(
                        "kafka directory: unreadable presence of node {} ignored: {}",
                        record.key(),
                        e.getMessage());
            }
        }
    }

    /** Announces this node's cameras; {@code leaving} marks them all offline (a clean shutdown). */
    private void announce(boolean leaving) {
        long now = System.nanoTime();
        List<Presence.Announced> mine = new ArrayList<>();
        for (LiveStream stream : registry.streams()) {
            if (stream.origin() != Origin.CAMERA) {
                continue;
            }
            StreamSnapshot s = stream.snapshot(now);
            mine.add(
                    new Presence.Announced(
                            s.name(),
                            s.quality(),
                            s.format(),
                            leaving ? "offline" : s.state(),
                            s.codec(),
                            s.width(),
                            s.height(),
                            s.fpsIn(),
                            StreamTopic.of(stream.key(), stream.format()).topic()));
        }
        try {
            byte[] value = JSON.writeValueAsBytes(new Presence(directory.self(), mine));
            producer.send(new ProducerRecord<>(StreamTopic.PRESENCE, directory.self(), value));
        } catch (IOException | KafkaException e) {
            reachable(false);
        }
    }

    /**
     * External topics: live while their end offset moves (or, at first sight, while they hold
     * frames).
     */
    private void scanExternal() {
        Map<StreamKey, Directory.Remote> found = new HashMap<>();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, StreamTopic> byPartition = new HashMap<>();
        for (String topic : consumer.listTopics(Duration.ofSeconds(5)).keySet()) {
            if (!matchesExternal(topic) || directory.announced(topic)) {
                continue;
            }
            StreamTopic.parse(topic)
                    .ifPresent(
                            parsed -> {
                                TopicPartition partition = new TopicPartition(topic, 0);
                                partitions.add(partition);
                                byPartition.put(partition, parsed);
                            });
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        Map<TopicPartition, Long> begins =
                consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
        for (TopicPartition partition : partitions) {
            StreamTopic topic = byPartition.get(partition);
            long end = ends.getOrDefault(partition, 0L);
            Long before = externalEnds.put(topic.topic(), end);
            boolean live = before == null ? end > begins.getOrDefault(partition, 0L) : end > before;
            Presence.Announced info =
                    new Presence.Announced(
                            topic.key().name(),
                            topic.key().quality().wireName(),
                            topic.format().wireName(),
                            live ? "live" : "offline",
                            null,
                            null,
                            null,
                            0,
                            topic.topic());
            found.put(topic.key(), new Directory.Remote(topic, Directory.EXTERNAL, live, info));
        }
        externalEnds
                .keySet()
                .retainAll(found.values().stream().map(r -> r.topic().topic()).toList());
        directory.external(found);
    }

    private boolean matchesExternal(String topic) {
        if (topic.equals(StreamTopic.PRESENCE) || topic.equals(StreamTopic.KEYFRAMES)) {
            return false;
        }
        for (Pattern pattern : externalPatterns) {
            if (pattern.matcher(topic).matches()) {
                return true;
            }
        }
        return false;
    }

    private void reachable(boolean now) {
        if (now != reachable) {
            reachable = now;
            if (now) {
                LOG.info("kafka directory: Kafka reachable again");
            } else {
                LOG.warn(
                        "kafka directory: Kafka unreachable; retrying every second (local viewing goes on)");
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // after the loop stopped, so no heartbeat can follow the goodbye
        announce(true);
    }
}

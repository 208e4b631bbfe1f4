package dev.camrelay.kafka;

import dev.camrelay.config.KafkaConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client and topic settings in one place. Frames are live video: the settings favour low latency
 * and bounded waiting over durability (short retention, no compression of already compressed
 * pictures, sends that give up after seconds rather than queue without bound).
 */
final class KafkaClients {
    /** Room for record headers and batch overhead above the largest frame. */
    private static final int OVERHEAD = 1024 * 1024;

    private final KafkaConfig config;
    private final int maxMessageBytes;

    KafkaClients(KafkaConfig config, int maxFrameBytes) {
        this.config = config;
        this.maxMessageBytes = maxFrameBytes + OVERHEAD;
    }

    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> p = common("sink");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
        // send() waits at most this long for metadata or buffer space: the sink thread, never the
        // ingest thread, pays it
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 250);
        p.put(
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                Math.max(32L * 1024 * 1024, 2L * maxMessageBytes));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        // a frame older than this is worthless to a live viewer: fail it (counted) instead of
        // retrying on
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<String, byte[]> consumer(String role) {
        Map<String, Object> p = common(role);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // topics are created by the relay with their settings, never implicitly by a read
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(64 * 1024 * 1024, maxMessageBytes));
        // a new feed's first fetch waits behind the fetch in flight: keep that wait short for the
        // source
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, role.equals("source") ? 25 : 100);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    Admin admin() {
        Map<String, Object> p = common("admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    /** A stream topic: deleted by time and size, big enough for the largest frame. */
    NewTopic streamTopic(String name) {
        long retentionMs = config.retention().toMillis();
        long segmentBytes =
                Math.max(
                        2L * maxMessageBytes,
                        Math.min(config.retentionBytes() / 4, 1024L * 1024 * 1024));
        return topic(
                name,
                Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                        TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(config.retentionBytes()),
                        // retention removes whole segments only: roll them often enough for the
                        // time limit to bite
                        TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(Math.max(60_000, retentionMs / 4)),
                        TopicConfig.SEGMENT_BYTES_CONFIG,
                                Long.toString(Math.min(segmentBytes, Integer.MAX_VALUE)),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
    }

    /** The directory and keyframe index: the last value per key is all that matters. */
    NewTopic compactedTopic(String name) {
        return topic(
                name,
                Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.SEGMENT_MS_CONFIG, "60000",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, "60000"));
    }

    /** Creates the topics that are missing; waits at most {@code timeoutMs}. */
    static void ensure(Admin admin, Collection<NewTopic> topics, long timeoutMs)
            throws InterruptedException, TimeoutException, ExecutionException {
        var futures = admin.createTopics(topics).values();
        for (var future : futures.values()) {
            try {
                future.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        Optional<Short> replication =
                config.replication() < 0
                        ? Optional.empty()
                        : Optional.of((short) config.replication());
        return new NewTopic(name, Optional.of(1), replication).configs(configs);
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "camrelay-" + config.nodeId() + "-" + role);
        // come back quickly once the broker returns
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 100);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }
}

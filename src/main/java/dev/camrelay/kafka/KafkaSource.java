package dev.camrelay.kafka;

import dev.camrelay.media.Format;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code camrelay-kafka-source} thread: one consumer, no group ({@code assign()}: every node
 * must see every frame), reading the topics of the remote streams this node's viewers watch. A new
 * feed starts at the last keyframe (from the index topic), so its first viewer gets a decodable
 * picture at once; a feed stops {@code linger} after its last viewer left. Feeds are handed over
 * from web threads through {@link #add}; everything else is this thread's.
 */
final class KafkaSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    /** Records read back when no keyframe offset is known (external topics): enough to find one. */
    private static final int LOOKBACK = 150;

    private static final long MAINTAIN_NANOS = 250_000_000L;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Directory directory;
    private final StreamRegistry registry;
    private final long lingerNanos;
    private final long quietNanos;
    private final Thread thread;
    private final ConcurrentHashMap<String, Feed> added = new ConcurrentHashMap<>();
    private final Map<String, Feed> feeds = new HashMap<>();

    /**
     * Partitions assigned or to assign whose start offset is still to be set; survives a wakeup
     * midway.
     */
    private final java.util.Set<TopicPartition> toSeek = new java.util.HashSet<>();

    private boolean reassign;
    private final Latency latency = new Latency();
    private volatile int active;
    private volatile boolean running = true;
    private long lastMaintain;

    KafkaSource(
            KafkaClients clients,
            Directory directory,
            StreamRegistry registry,
            Duration linger,
            Duration heartbeat) {
        this.consumer = clients.consumer("source");
        this.directory = directory;
        this.registry = registry;
        this.lingerNanos = linger.toNanos();
        this.quietNanos = 2 * heartbeat.toNanos();
        this.thread = new Thread(this::run, "camrelay-kafka-source");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Latency latency() {
        return latency;
    }

    /**
     * Hands a new feed to the source thread and wakes it, so the first frames come without waiting
     * for a poll to end.
     */
    void add(Feed feed) {
        added.put(feed.topic().topic(), feed);
        consumer.wakeup();
        LockSupport.unpark(thread);
    }

    Map<String, Object> status() {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("feeds", active);
        status.put("latency", latency.status());
        return status;
    }

    private void run() {
        try {
            warmUp();
            while (running) {
                try {
                    reassign |= takeAdded();
                    long now = System.nanoTime();
                    if (now - lastMaintain >= MAINTAIN_NANOS) {
                        lastMaintain = now;
                        reassign |= maintain(now);
                    }
                    if (reassign) {
                        reassign();
                        reassign = false;
                    }
                    if (feeds.isEmpty()) {
                        // nothing to poll: wait for add() to unpark us (or the next maintenance
                        // round)
                        LockSupport.parkNanos(MAINTAIN_NANOS);
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record :
                            consumer.poll(Duration.ofMillis(100))) {
                        Feed feed = feeds.get(record.topic());
                        if (feed != null) {
                            feed.accept(record);
                        }
                    }
                } catch (WakeupException e) {
                    // a feed was added (or we are closing): loop round
                } catch (KafkaException e) {
                    LOG.warn("kafka source: {}; retrying", e.toString());
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feeds.values().forEach(Feed::stop);
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Connects and learns the cluster before the first viewer comes, so its start pays no
     * connection set-up.
     */
    private void warmUp() throws InterruptedException {
        while (running) {
            try {
                consumer.listTopics(Duration.ofSeconds(5));
                return;
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                Thread.sleep(1000);
            }
        }
    }

    private boolean takeAdded() {
        boolean changed = false;
        for (Iterator<Feed> it = added.values().iterator(); it.hasNext(); ) {
            Feed feed = it.next();
            it.remove();
            Feed previous = feeds.put(feed.topic().topic(), feed);
            if (previous != null && previous.stream() != feed.stream()) {
                previous.stop();
            }
            toSeek.add(new TopicPartition(feed.topic().topic(), 0));
            changed = true;
        }
        return changed;
    }

    /**
     * Stops feeds nobody watches or that a local camera took over; follows the remote camera's
     * state.
     */
    private boolean maintain(long now) {
        boolean changed = false;
        for (Iterator<Feed> it = feeds.values().iterator(); it.hasNext(); ) {
            Feed feed = it.next();
            LiveStream stream = feed.stream();
            boolean gone = !feed.wanted() || registry.get(stream.key()).orElse(null) != stream;
            if (!gone && feed.idle(now, lingerNanos)) {
                gone = registry.retire(stream);
            }
            if (gone) {
                feed.stop();
                it.remove();
                changed = true;
                continue;
            }
            boolean live =
                    directory.find(feed.topic().key()).map(Directory.Remote::live).orElse(false);
            feed.offlineIfQuiet(live, now, quietNanos);
        }
        return changed;
    }

    /**
     * Assigns the current feeds' partitions; those newly added start at their stream's last
     * keyframe.
     */
    private void reassign() {
        List<TopicPartition> partitions = new ArrayList<>();
        feeds.keySet().forEach(topic -> partitions.add(new TopicPartition(topic, 0)));
        toSeek.retainAll(partitions);
        consumer.assign(partitions);
        active = partitions.size();
        if (toSeek.isEmpty()) {
            return;
        }
        List<TopicPartition> fresh = new ArrayList<>(toSeek);
        // one round trip: an offset that retention has since deleted falls back to the latest
        // (auto.offset.reset)
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, Duration.ofSeconds(5));
        for (TopicPartition partition : fresh) {
            Feed feed = feeds.get(partition.topic());
            long end = ends.getOrDefault(partition, 0L);
            feed.liveFrom(end);
            consumer.seek(partition, startOffset(feed, end));
        }
        toSeek.clear();
    }

    /**
     * MJPEG: the last frame. H.264/TS: the last indexed keyframe, else a short look-back to find
     * one.
     */
    private long startOffset(Feed feed, long end) {
        if (end == 0) {
            return 0;
        }
        if (feed.topic().format() == Format.MJPEG) {
            return end - 1;
        }
        OptionalLong keyframe = directory.keyframeOffset(feed.topic().topic());
        if (keyframe.isPresent() && keyframe.getAsLong() < end) {
            return keyframe.getAsLong();
        }
        return Math.max(0, end - LOOKBACK);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

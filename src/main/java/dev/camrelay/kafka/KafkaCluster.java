package dev.camrelay.kafka;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Origin;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.RemoteStreams;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.StreamSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out over Kafka: the sink (this node's cameras to Kafka), the source (remote cameras into
 * this node's hub, on demand) and the directory (which node ingests what). The registry reaches it
 * only through {@link RemoteStreams} and {@link dev.camrelay.stream.FrameTap}, so the web side is
 * unchanged. Nothing here needs Kafka to be up at start: every client connects and reconnects by
 * itself. Threads: {@link #open} runs on web threads and the camera adoption on the directory
 * thread, both under one private lock; the sink, source and directory each own their thread (see
 * those classes).
 */
public final class KafkaCluster implements RemoteStreams, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

    /** A camera frame that waited this long for Kafka is no longer live: the sink drops it. */
    private static final Duration SINK_MAX_AGE = Duration.ofSeconds(2);

    private final String node;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final Directory directory;
    private final KafkaSink sink;
    private final KafkaSource source;
    private final DirectoryLoop loop;
    private final StreamRegistry registry;
    private final int maxFrameBytes;

    /** Serialises opening a remote stream and adopting moved cameras: each stream is fed once. */
    private final Object lock = new Object();

    private KafkaCluster(RelayConfig config, StreamRegistry registry) {
        var kafka = config.kafka();
        KafkaClients clients = new KafkaClients(kafka, config.maxFrameBytes());
        this.node = kafka.nodeId();
        this.registry = registry;
        this.maxFrameBytes = config.maxFrameBytes();
        this.producer = clients.producer();
        this.admin = clients.admin();
        long timeoutMs = kafka.presenceTimeout().toMillis();
        this.directory =
                new Directory(node, timeoutMs, timeoutMs + config.offlineGrace().toMillis());
        this.sink =
                new KafkaSink(
                        new SinkQueue(
                                kafka.sinkQueueFrames(),
                                kafka.sinkQueueBytes(),
                                SINK_MAX_AGE,
                                KafkaSink::nowMicros),
                        producer,
                        admin,
                        clients,
                        registry);
        this.source =
                new KafkaSource(
                        clients, directory, registry, kafka.sourceLinger(), kafka.heartbeat());
        this.loop =
                new DirectoryLoop(
                        directory,
                        registry,
                        clients,
                        admin,
                        producer,
                        kafka.externalTopics(),
                        kafka.heartbeat(),
                        this::adoptMovedCameras);
    }

    /** Joins the cluster: call before any camera or viewer arrives. */
    public static KafkaCluster start(RelayConfig config, StreamRegistry registry) {
        KafkaCluster cluster = new KafkaCluster(config, registry);
        registry.joinCluster(cluster.sink, cluster);
        cluster.sink.start();
        cluster.source.start();
        cluster.loop.start();
        LOG.info(
                "kafka: node {} joined the cluster at {}",
                cluster.node,
                config.kafka().bootstrap());
        return cluster;
    }

    /**
     * A viewer asked for a stream this node lacks: if another node or an external topic has it,
     * create it here at once (the viewer attaches now) and let the source fill it from the last
     * keyframe. Synchronized so that two viewers arriving together open it once.
     */
    @Override
    public Optional<LiveStream> open(StreamRegistry streams, StreamKey key) {
        synchronized (lock) {
            Optional<LiveStream> local = streams.get(key);
            if (local.isPresent()) {
                return local;
            }
            Optional<Directory.Remote> remote = directory.find(key);
            if (remote.isEmpty()) {
                return Optional.empty();
            }
            StreamTopic topic = remote.get().topic();
            Optional<Publication> publication =
                    streams.publishFromCluster(topic.key(), topic.format());
            if (publication.isEmpty()) {
                return streams.get(key);
            }
            feed(remote.get(), publication.get());
            return Optional.of(publication.get().stream());
        }
    }

    /**
     * A camera that reconnected to another node (through the ingress mesh it may land anywhere)
     * left an offline stream here; its viewers here follow it through Kafka instead of waiting out
     * the offline grace. Runs on the directory thread once per heartbeat.
     */
    private void adoptMovedCameras() {
        synchronized (lock) {
            for (LiveStream stream : registry.streams()) {
                if (stream.origin() != Origin.CAMERA || stream.viewers() == 0 || stream.live()) {
                    continue;
                }
                Optional<Directory.Remote> remote =
                        directory.find(stream.key()).filter(Directory.Remote::live);
                if (remote.isPresent() && remote.get().topic().format() == stream.format()) {
                    registry.publishFromCluster(stream.key(), stream.format())
                            .ifPresent(publication -> feed(remote.get(), publication));
                }
            }
        }
    }

    private void feed(Directory.Remote remote, Publication publication) {
        Presence.Announced info = remote.info();
        if (info.width() != null && info.height() != null && info.codec() != null) {
            publication.describe(info.width(), info.height(), info.codec());
        }
        source.add(
                new Feed(
                        remote.topic(),
                        remote.external(),
                        publication,
                        registry,
                        source.latency(),
                        maxFrameBytes));
    }

    @Override
    public List<StreamSnapshot> list() {
        return directory.list();
    }

    @Override
    public String localNode() {
        return node;
    }

    /**
     * For {@code /api/ingest}: the sink's queue and drops, the source's feeds and latency, the
     * directory.
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("node", node);
        status.put("sink", sink.status());
        status.put("source", source.status());
        status.put("directory", directory.status());
        return status;
    }

    /**
     * Leaves the cluster: feeds stop, the directory hears that this node's cameras are offline,
     * queued frames are flushed briefly.
     */
    @Override
    public void close() {
        registry.joinCluster(null, RemoteStreams.NONE);
        source.close();
        loop.close();
        sink.close();
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        LOG.info("kafka: node {} left the cluster", node);
    }
}

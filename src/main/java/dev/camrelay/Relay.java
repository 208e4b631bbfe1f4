package dev.camrelay;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.ingest.IngestCounters;
import dev.camrelay.ingest.IngestServer;
import dev.camrelay.kafka.KafkaCluster;
import dev.camrelay.rtsp.RtspSources;
import dev.camrelay.sender.DemoCameras;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.PulledSource;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the relay's core: the hub, the ingest thread, housekeeping and the demo
 * cameras. Started and closed by {@link RelayLifecycle}; closing runs once, in reverse start order.
 */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final StreamRegistry registry;
    private final IngestCounters counters;
    private final IngestServer ingest;
    private final Housekeeping housekeeping;
    private final DemoCameras demo;
    private final RtspSources sources;
    private final PublishGate gate;
    private final DeliveryExecutor delivery;

    /** Null on a single node (no kafka.bootstrap). */
    private final KafkaCluster cluster;

    private final AtomicBoolean closed = new AtomicBoolean();

    private Relay(
            StreamRegistry registry,
            IngestCounters counters,
            IngestServer ingest,
            Housekeeping housekeeping,
            DemoCameras demo,
            RtspSources sources,
            PublishGate gate,
            DeliveryExecutor delivery,
            KafkaCluster cluster) {
        this.registry = registry;
        this.counters = counters;
        this.ingest = ingest;
        this.housekeeping = housekeeping;
        this.demo = demo;
        this.sources = sources;
        this.gate = gate;
        this.delivery = delivery;
        this.cluster = cluster;
    }

    /**
     * Starts the parts in order; when one fails, those already started are closed in reverse order
     * before the failure is rethrown, so a failed start leaves no thread or port behind.
     */
    public static Relay start(RelayConfig config) throws IOException {
        LOG.info("configuration: {}", config);
        StartedParts started = new StartedParts();
        try {
            DeliveryExecutor delivery = started.add(new DeliveryExecutor());
            StreamRegistry registry =
                    started.add(
                            new StreamRegistry(
                                    config.maxStreams(),
                                    config.maxViewersPerStream(),
                                    config.offlineGrace(),
                                    config.mjpegRepeat(),
                                    config.gopCacheBytes()));
            IngestCounters counters = new IngestCounters();
            // joins before the ingest starts, so every camera frame reaches the sink
            KafkaCluster cluster =
                    config.kafka().enabled()
                            ? started.add(KafkaCluster.start(config, registry))
                            : null;
            PublishGate gate = publishGate(config);
            IngestServer ingest = started.add(IngestServer.start(config, registry, counters, gate));
            Housekeeping housekeeping = started.add(new Housekeeping(registry, counters));
            housekeeping.start();
            DemoCameras demo = null;
            if (config.demo()) {
                String host =
                        config.ingestHost().equals("0.0.0.0") ? "127.0.0.1" : config.ingestHost();
                demo =
                        started.add(
                                DemoCameras.start(
                                        host,
                                        ingest.port(),
                                        config.demoCameras(),
                                        config.demoFps(),
                                        demoToken(config)));
                LOG.info(
                        "demo mode: {} camera(s) at {} fps through the ingest port",
                        config.demoCameras(),
                        config.demoFps());
            }
            RtspSources sources = started.add(RtspSources.start(config, registry));
            return new Relay(
                    registry,
                    counters,
                    ingest,
                    housekeeping,
                    demo,
                    sources,
                    gate,
                    delivery,
                    cluster);
        } catch (IOException | RuntimeException e) {
            started.unwind(e);
            throw e;
        }
    }

    /** The demo cameras publish like any camera: with the global token when one is set. */
    private static String demoToken(RelayConfig config) {
        return config.publishToken().isEmpty() ? null : config.publishToken();
    }

    private static PublishGate publishGate(RelayConfig config) {
        List<Predicate<InetAddress>> allowed = new ArrayList<>();
        config.publishAllow().forEach(block -> allowed.add(block::contains));
        return new PublishGate(
                config.publishToken(), config.publishTokens(), allowed, config.publishFailures());
    }

    /** Where viewers' writes start: never on the camera's thread. */
    public java.util.concurrent.Executor delivery() {
        return delivery;
    }

    /** Who may publish, shared by the TCP ingest and the HTTP push. */
    public PublishGate publishGate() {
        return gate;
    }

    public StreamRegistry registry() {
        return registry;
    }

    public int ingestPort() {
        return ingest.port();
    }

    public boolean ingestAlive() {
        return ingest.isAlive();
    }

    /** The pulled cameras' renditions with their title and state, for {@code /api/streams}. */
    public Map<StreamKey, PulledSource> pulledSources() {
        return sources.pulled();
    }

    /** Camera connections and rejections by reason, for {@code /api/ingest}. */
    public Map<String, Object> ingestStatus() {
        Map<String, Object> rejected = new LinkedHashMap<>();
        counters.rejections().forEach((reason, count) -> rejected.put(reason.code(), count));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", ingest.port());
        status.put("openConnections", counters.openConnections());
        status.put("acceptedConnections", counters.acceptedConnections());
        status.put("handshakes", counters.handshakes());
        status.put("acceptFailures", counters.acceptFailures());
        status.put("garbageBytes", counters.garbageBytes());
        status.put("malformedFrames", counters.droppedFrames());
        status.put("closedByReason", rejected);
        if (cluster != null) {
            status.put("kafka", cluster.status());
        }
        status.put("sources", sources.statuses());
        return status;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (demo != null) {
            demo.close();
        }
        sources.close();
        housekeeping.close();
        ingest.close();
        if (cluster != null) {
            cluster.close();
        }
        registry.close();
        delivery.close();
        LOG.info("relay stopped");
    }
}

package dev.camrelay.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft broker (combined broker + controller) inside the test JVM, reached only
 * through a {@link TcpGate} that it advertises as its address: closing the gate makes the broker
 * unreachable to every client at once, as a crashed broker or a cut network would.
 */
final class KafkaBroker implements AutoCloseable {
    private static final String LISTENER = "EXTERNAL";

    private final KafkaClusterTestKit cluster;
    private final TcpGate gate;

    private KafkaBroker(KafkaClusterTestKit cluster, TcpGate gate) {
        this.cluster = cluster;
        this.gate = gate;
    }

    static KafkaBroker start() throws Exception {
        TcpGate gate = TcpGate.open();
        // the newest production metadata: the kit's default (newest unstable) makes startup loop
        // and fail
        Map<String, Short> features = new HashMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(
                    feature.featureName(), feature.defaultLevel(MetadataVersion.LATEST_PRODUCTION));
        }
        BootstrapMetadata bootstrap =
                BootstrapMetadata.fromVersions(
                        MetadataVersion.LATEST_PRODUCTION, features, "camrelay test");
        TestKitNodes nodes =
                new TestKitNodes.Builder(bootstrap)
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerListenerName(ListenerName.normalised(LISTENER))
                        .setPerServerProperties(
                                Map.of(
                                        0,
                                        Map.of(
                                                "advertised.listeners",
                                                LISTENER + "://127.0.0.1:" + gate.port())))
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("unstable.api.versions.enable", "false")
                        .setConfigProp("unstable.feature.versions.enable", "false")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("log.cleaner.backoff.ms", "200")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        cluster.format();
        cluster.startup();
        gate.target(port(cluster.bootstrapServers()));
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster, gate);
    }

    /** What clients use: the gate's address. */
    String bootstrap() {
        return "127.0.0.1:" + gate.port();
    }

    /** A plain producer, as another program writing to the cluster would use. */
    KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Creates a one-partition topic, as another program's deployment would. */
    void createTopic(String name) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }

    /** The broker becomes unreachable: every connection is cut and new ones are refused. */
    void cut() {
        gate.close();
    }

    /** The broker is reachable again. */
    void restore() {
        gate.reopen();
    }

    private static int port(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    @Override
    public void close() throws Exception {
        gate.shutdown();
        cluster.close();
    }
}

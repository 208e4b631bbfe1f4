package dev.camrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kafka part of the configuration. Off unless {@code bootstrap} is set: a single node needs no
 * Kafka.
 *
 * @param bootstrap Kafka bootstrap servers, host:port[,host:port]; empty = no cluster
 * @param nodeId this node's name in the cluster directory
 * @param externalTopics topics of other producers (one frame per record) served as streams, each a
 *     full-match regex
 * @param retention stream topics keep frames this long
 * @param retentionBytes and at most this many bytes per partition
 * @param replication replication factor of the topics the relay creates; -1 = the broker's default
 * @param sinkQueueFrames frames waiting to be produced, over all streams, before frames are dropped
 * @param sinkQueueBytes bytes waiting to be produced before frames are dropped
 * @param sourceLinger a node keeps consuming a remote stream this long after its last viewer left
 * @param heartbeat how often a node announces its cameras
 * @param presenceTimeout a node silent this long is gone and its cameras are offline
 */
public record KafkaConfig(
        String bootstrap,
        String nodeId,
        List<Pattern> externalTopics,
        Duration retention,
        long retentionBytes,
        int replication,
        int sinkQueueFrames,
        int sinkQueueBytes,
        Duration sourceLinger,
        Duration heartbeat,
        Duration presenceTimeout) {

    public KafkaConfig {
        externalTopics = List.copyOf(externalTopics);
        if (!nodeId.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new ConfigException(
                    "kafka.node.id", nodeId, "must be 1-128 of A-Z a-z 0-9 _ . -");
        }
        if (retentionBytes < 1024 * 1024) {
            throw new ConfigException(
                    "kafka.retention.bytes",
                    Long.toString(retentionBytes),
                    "must be at least 1048576");
        }
        if (replication != -1 && (replication < 1 || replication > 32)) {
            throw new ConfigException(
                    "kafka.replication",
                    Integer.toString(replication),
                    "must be -1 (broker default) or 1 to 32");
        }
        if (sinkQueueFrames < 2) {
            throw new ConfigException(
                    "kafka.sink.queue.frames",
                    Integer.toString(sinkQueueFrames),
                    "must be at least 2");
        }
        if (sinkQueueBytes < 65536) {
            throw new ConfigException(
                    "kafka.sink.queue.bytes",
                    Integer.toString(sinkQueueBytes),
                    "must be at least 65536");
        }
        if (heartbeat.compareTo(presenceTimeout) >= 0) {
            throw new ConfigException(
                    "kafka.presence.timeout",
                    presenceTimeout.toString(),
                    "must be longer than kafka.heartbeat (" + heartbeat + ")");
        }
    }

    public boolean enabled() {
        return !bootstrap.isEmpty();
    }

    @Override
    public String toString() {
        return enabled()
                ? "KafkaConfig[bootstrap="
                        + bootstrap
                        + ", node="
                        + nodeId
                        + ", external="
                        + externalTopics
                        + ", retention="
                        + retention
                        + "/"
                        + retentionBytes
                        + " bytes, replication="
                        + replication
                        + ", sinkQueue="
                        + sinkQueueFrames
                        + " frames/"
                        + sinkQueueBytes
                        + " bytes, sourceLinger="
                        + sourceLinger
                        + ", heartbeat="
                        + heartbeat
                        + ", presenceTimeout="
                        + presenceTimeout
                        + "]"
                : "off";
    }
}

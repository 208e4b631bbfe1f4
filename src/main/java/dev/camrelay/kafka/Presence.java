package dev.camrelay.kafka;

import java.util.List;

/**
 * One node's heartbeat in the presence topic (JSON, key = node id): the cameras it ingests now.
 *
 * @param node the node id
 * @param streams its cameras' streams
 */
record Presence(String node, List<Announced> streams) {
    Presence {
        streams = List.copyOf(streams);
    }

    /** One stream as its ingesting node describes it. */
    record Announced(
            String name,
            String quality,
            String format,
            String state,
            String codec,
            Integer width,
            Integer height,
            double fpsIn,
            String topic) {}
}

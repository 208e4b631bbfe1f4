package dev.camrelay.ingest;

import dev.camrelay.config.RelayConfig;

/** The per-connection bounds the ingest enforces, taken once from the config. */
record IngestLimits(
        int maxFrameBytes, long handshakeTimeoutNanos, long idleTimeoutNanos, int maxConnections) {

    static IngestLimits from(RelayConfig config) {
        return new IngestLimits(
                config.maxFrameBytes(),
                config.handshakeTimeout().toNanos(),
                config.cameraIdleTimeout().toNanos(),
                config.maxStreams() + 64);
    }
}

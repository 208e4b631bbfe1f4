package dev.camrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The relay's whole configuration: immutable and validated once at start-up by {@link
 * ConfigLoader}.
 *
 * @param httpPort HTTP port of the embedded server ({@code java -jar}); 0 picks a free one
 * @param httpMaxConnections HTTP connections the embedded server holds at once
 * @param httpSendBuffer SO_SNDBUF of each viewer connection (and, embedded, of each accepted one);
 *     0 sizes each viewer's to its stream's pictures
 * @param httpHeaderTimeout total time an HTTP request line and headers may take (embedded server)
 * @param ingestHost address the camera listener binds to
 * @param ingestPort TCP port cameras push to; 0 picks a free one
 * @param demo run the built-in demo cameras through the real ingest path
 * @param demoCameras how many demo cameras
 * @param demoFps frame rate of each demo camera
 * @param maxStreams streams (name + quality) the hub holds at once
 * @param maxViewersPerStream viewers one stream accepts
 * @param maxFrameBytes largest frame a camera may send
 * @param handshakeTimeout total time a camera has to finish its handshake
 * @param cameraIdleTimeout a camera that sends nothing for this long is disconnected
 * @param viewerStallTimeout a viewer whose write makes no progress for this long is closed
 * @param offlineGrace how long an offline stream (and its viewers) is kept for the camera to return
 * @param mjpegRepeat while a camera is silent, the latest JPEG is resent this often
 * @param gopCacheBytes join cache of an H.264/TS stream (the GOP since the last keyframe)
 * @param wsQueueFrames an H.264/TS viewer's queue bound in frames
 * @param wsQueueBytes an H.264/TS viewer's queue bound in bytes
 * @param wsPing idle time after which a WebSocket viewer is pinged
 * @param wsOrigins origins besides the relay's own whose pages may open viewer WebSockets
 * @param publishToken the token every camera must present; empty when publishing is open
 * @param publishTokens per-stream tokens by stream name (such a stream needs its own token)
 * @param publishAllow address blocks that may publish without a token (legacy cameras)
 * @param publishFailures wrong tokens per address per minute before the address is refused
 * @param viewAuth watching, the API and metrics require a view token or a login
 * @param viewSecret HMAC key of view tokens and session cookies
 * @param viewPassword the dashboard login's password
 * @param kafka scale-out over Kafka; off unless its bootstrap is set
 */
public record RelayConfig(
        int httpPort,
        int httpMaxConnections,
        int httpSendBuffer,
        Duration httpHeaderTimeout,
        String ingestHost,
        int ingestPort,
        boolean demo,
        int demoCameras,
        int demoFps,
        int maxStreams,
        int maxViewersPerStream,
        int maxFrameBytes,
        Duration handshakeTimeout,
        Duration cameraIdleTimeout,
        Duration viewerStallTimeout,
        Duration offlineGrace,
        Duration mjpegRepeat,
        int gopCacheBytes,
        int wsQueueFrames,
        int wsQueueBytes,
        int autoDownFps,
        int autoUpFps,
        Duration autoWindow,
        Duration autoUpAfter,
        Duration wsPing,
        List<String> wsOrigins,
        String publishToken,
        Map<String, String> publishTokens,
        List<Cidr> publishAllow,
        int publishFailures,
        boolean viewAuth,
        String viewSecret,
        String viewPassword,
        KafkaConfig kafka,
        List<SourceConfig> sources) {

    public RelayConfig {
        sources = List.copyOf(sources);
        requirePort("http.port", httpPort);
        requireRange("http.max.connections", httpMaxConnections, 16, 1_000_000);
        if (httpSendBuffer != 0 && (httpSendBuffer < 4096 || httpSendBuffer > 64 * 1024 * 1024)) {
            throw new ConfigException(
                    "http.send.buffer",
                    Integer.toString(httpSendBuffer),
                    "must be 0 (the OS's auto-tuning) or between 4096 and " + 64 * 1024 * 1024);
        }
        requirePositive("http.header.timeout", httpHeaderTimeout);
        requirePort("ingest.port", ingestPort);
        requireRange("demo.cameras", demoCameras, 0, 64);
        requireRange("demo.fps", demoFps, 1, 60);
        requireRange("max.streams", maxStreams, 1, 100_000);
        requireRange("max.viewers", maxViewersPerStream, 1, 1_000_000);
        requireRange("max.frame.bytes", maxFrameBytes, 1024, 256 * 1024 * 1024);
        requirePositive("handshake.timeout", handshakeTimeout);
        requirePositive("camera.idle.timeout", cameraIdleTimeout);
        requirePositive("viewer.stall.timeout", viewerStallTimeout);
        requirePositive("offline.grace", offlineGrace);
        requirePositive("mjpeg.repeat", mjpegRepeat);
        requireRange("gop.cache.bytes", gopCacheBytes, 0, Integer.MAX_VALUE);
        requireRange("ws.queue.frames", wsQueueFrames, 2, 100_000);
        requireRange("ws.queue.bytes", wsQueueBytes, 65536, Integer.MAX_VALUE);
        requireRange("quality.auto.up.fps", autoUpFps, 1, 30);
        requireRange("quality.auto.down.fps", autoDownFps, 0, autoUpFps - 1);
        requirePositive("quality.auto.window", autoWindow);
        if (autoUpAfter.compareTo(autoWindow) < 0) {
            throw new ConfigException(
                    "quality.auto.up.after",
                    autoUpAfter.toString(),
                    "must be at least quality.auto.window (" + autoWindow + ")");
        }
        requirePositive("ws.ping", wsPing);
        wsOrigins = List.copyOf(wsOrigins);
        publishTokens = Map.copyOf(publishTokens);
        publishAllow = List.copyOf(publishAllow);
        requireRange("publish.failures", publishFailures, 1, 1_000_000);
        if (viewAuth && viewSecret.length() < 16) {
            throw new ConfigException(
                    "view.secret",
                    "(" + viewSecret.length() + " characters)",
                    "view.auth=true needs a secret of at least 16 characters");
        }
        if (viewAuth && viewPassword.isEmpty()) {
            throw new ConfigException(
                    "view.password", "(empty)", "view.auth=true needs a dashboard password");
        }
        if (ingestHost == null || ingestHost.isBlank()) {
            throw new ConfigException(
                    "ingest.host", String.valueOf(ingestHost), "must not be empty");
        }
    }

    /** True when cameras must present a token (unless their address is allowed). */
    public boolean publishAuth() {
        return !publishToken.isEmpty() || !publishTokens.isEmpty();
    }

    /** The configuration for the log: secrets are masked. */
    @Override
    public String toString() {
        return "RelayConfig[httpPort="
                + httpPort
                + ", httpMaxConnections="
                + httpMaxConnections
                + ", httpSendBuffer="
                + httpSendBuffer
                + ", httpHeaderTimeout="
                + httpHeaderTimeout
                + ", ingest="
                + ingestHost
                + ":"
                + ingestPort
                + ", demo="
                + demo
                + " ("
                + demoCameras
                + " at "
                + demoFps
                + " fps), maxStreams="
                + maxStreams
                + ", maxViewersPerStream="
                + maxViewersPerStream
                + ", maxFrameBytes="
                + maxFrameBytes
                + ", handshakeTimeout="
                + handshakeTimeout
                + ", cameraIdleTimeout="
                + cameraIdleTimeout
                + ", viewerStallTimeout="
                + viewerStallTimeout
                + ", offlineGrace="
                + offlineGrace
                + ", mjpegRepeat="
                + mjpegRepeat
                + ", gopCacheBytes="
                + gopCacheBytes
                + ", wsQueue="
                + wsQueueFrames
                + " frames/"
                + wsQueueBytes
                + " bytes, wsPing="
                + wsPing
                + ", publishToken="
                + mask(publishToken)
                + ", publishTokens="
                + publishTokens.keySet()
                + " (tokens masked)"
                + ", publishAllow="
                + publishAllow
                + ", publishFailures="
                + publishFailures
                + ", viewAuth="
                + viewAuth
                + ", viewSecret="
                + mask(viewSecret)
                + ", viewPassword="
                + mask(viewPassword)
                + ", kafka="
                + kafka
                + ", sources="
                + sources
                + "]";
    }

    private static String mask(String secret) {
        return secret.isEmpty() ? "(none)" : "****";
    }

    private static void requirePort(String key, int port) {
        requireRange(key, port, 0, 65535);
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(
                    key, Integer.toString(value), "must be between " + min + " and " + max);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key, String.valueOf(value), "must be a positive duration");
        }
    }
}

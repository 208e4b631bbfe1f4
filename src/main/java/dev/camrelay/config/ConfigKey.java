package dev.camrelay.config;

/**
 * Every configuration key with its default and meaning. The key {@code ingest.port} is spelled
 * {@code --ingest.port=} on the command line, {@code -Dcamrelay.ingest.port=} as a system
 * property and {@code CAMRELAY_INGEST_PORT} in the environment.
 */
public enum ConfigKey {
    HTTP_PORT("http.port", "8080", "HTTP port for java -jar (under mvn jetty:run use -Djetty.http.port)"),
    INGEST_HOST("ingest.host", "0.0.0.0", "address the camera listener binds to"),
    INGEST_PORT("ingest.port", "12345", "TCP port cameras push to"),
    DEMO("demo", "false", "run built-in demo cameras (true by default under mvn jetty:run)"),
    DEMO_CAMERAS("demo.cameras", "4", "number of demo cameras"),
    DEMO_FPS("demo.fps", "10", "frames per second of each demo camera"),
    MAX_STREAMS("max.streams", "64", "streams (name + quality) held at once"),
    MAX_VIEWERS("max.viewers", "500", "viewers per stream"),
    MAX_FRAME_BYTES("max.frame.bytes", "8388608", "largest frame a camera may send, in bytes"),
    HANDSHAKE_TIMEOUT("handshake.timeout", "5s", "time a camera has to complete its handshake"),
    CAMERA_IDLE_TIMEOUT("camera.idle.timeout", "10s", "a camera silent this long is disconnected"),
    VIEWER_STALL_TIMEOUT("viewer.stall.timeout", "10s", "a viewer whose write stalls this long is closed"),
    OFFLINE_GRACE("offline.grace", "60s", "an offline stream keeps its viewers this long"),
    MJPEG_REPEAT("mjpeg.repeat", "2s", "resend the latest JPEG this often while the camera is silent"),
    GOP_CACHE_BYTES("gop.cache.bytes", "8388608", "join cache per H.264/TS stream: the GOP since the last keyframe, in bytes"),
    WS_QUEUE_FRAMES("ws.queue.frames", "64", "H.264/TS viewer queue, in frames (on overflow: skip to the next keyframe)"),
    WS_QUEUE_BYTES("ws.queue.bytes", "8388608", "H.264/TS viewer queue, in bytes"),
    WS_PING("ws.ping", "10s", "ping a WebSocket viewer that has received nothing for this long");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String envName() {
        return "CAMRELAY_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }
}

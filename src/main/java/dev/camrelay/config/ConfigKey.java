package dev.camrelay.config;

/**
 * Every configuration key with its default and meaning. The key {@code ingest.port} is spelled
 * {@code --ingest.port=} on the command line, {@code -Dcamrelay.ingest.port=} as a system property
 * and {@code CAMRELAY_INGEST_PORT} in the environment.
 */
public enum ConfigKey {
    HTTP_PORT(
            "http.port",
            "8080",
            "HTTP port for java -jar (under mvn jetty:run use -Djetty.http.port)"),
    HTTP_MAX_CONNECTIONS(
            "http.max.connections",
            "10000",
            "HTTP connections held at once (java -jar); more wait in the accept queue"),
    HTTP_SEND_BUFFER(
            "http.send.buffer",
            "0",
            "kernel send buffer per viewer connection in bytes; 0 = sized per viewer to about two pictures of its stream, so a slow viewer's backlog, and its kernel memory, stay small"),
    HTTP_HEADER_TIMEOUT(
            "http.header.timeout",
            "10s",
            "total time an HTTP request line and headers may take (java -jar); a slower client is closed"),
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
    VIEWER_STALL_TIMEOUT(
            "viewer.stall.timeout", "10s", "a viewer whose write stalls this long is closed"),
    OFFLINE_GRACE("offline.grace", "60s", "an offline stream keeps its viewers this long"),
    MJPEG_REPEAT(
            "mjpeg.repeat", "2s", "resend the latest JPEG this often while the camera is silent"),
    GOP_CACHE_BYTES(
            "gop.cache.bytes",
            "8388608",
            "join cache per H.264/TS stream: the GOP since the last keyframe, in bytes"),
    WS_QUEUE_FRAMES(
            "ws.queue.frames",
            "64",
            "H.264/TS viewer queue, in frames (on overflow: skip to the next keyframe)"),
    WS_QUEUE_BYTES("ws.queue.bytes", "8388608", "H.264/TS viewer queue, in bytes"),
    QUALITY_AUTO_DOWN_FPS(
            "quality.auto.down.fps",
            "8",
            "?quality=auto: a viewer getting fewer frames a second than this (of a 30 fps camera; scaled to the real rate) moves to the low rendition"),
    QUALITY_AUTO_UP_FPS(
            "quality.auto.up.fps",
            "29",
            "?quality=auto: a viewer on low getting at least this many (of 30, scaled) moves back to high after quality.auto.up.after"),
    QUALITY_AUTO_WINDOW(
            "quality.auto.window",
            "2s",
            "?quality=auto: delivery is judged over windows this long"),
    QUALITY_AUTO_UP_AFTER(
            "quality.auto.up.after",
            "10s",
            "?quality=auto: good delivery this long on low before trying high; doubles after each failed try, up to 16x"),
    WS_PING(
            "ws.ping",
            "10s",
            "ping a WebSocket viewer that has received nothing for this long; drop one that leaves a ping unanswered for twice as long"),
    WS_ORIGINS(
            "ws.origins",
            "",
            "origins whose pages may open viewer WebSockets besides http://<relay IP>:<port> (and localhost on loopback), e.g. https://cams.example.com; required when browsers use a host name or a proxy (* = any)"),
    PUBLISH_TOKEN(
            "publish.token",
            "",
            "token every camera must present (text handshake token=, HTTP push Bearer or ?token=); empty = open",
            true),
    PUBLISH_TOKENS(
            "publish.tokens",
            "",
            "per-stream tokens, name=token,name2=token2 (a stream listed here needs its own token)",
            true),
    PUBLISH_ALLOW(
            "publish.allow",
            "",
            "CIDR list allowed to publish without a token (the legacy header cannot carry one), e.g. 10.0.0.0/8,192.168.1.7/32"),
    PUBLISH_FAILURES(
            "publish.failures",
            "10",
            "wrong tokens per address per minute before that address is refused for a minute"),
    VIEW_AUTH(
            "view.auth",
            "false",
            "require a signed URL token or a dashboard login to watch, use the API or metrics"),
    VIEW_SECRET(
            "view.secret",
            "",
            "HMAC key for view tokens and session cookies (required with view.auth=true)",
            true),
    VIEW_PASSWORD(
            "view.password",
            "",
            "password of the dashboard login (required with view.auth=true)",
            true),
    KAFKA_BOOTSTRAP(
            "kafka.bootstrap",
            "",
            "Kafka bootstrap servers (host:port,...); empty = a single node without Kafka"),
    KAFKA_NODE_ID(
            "kafka.node.id",
            "",
            "this node's name in the cluster directory (empty = the host name)"),
    KAFKA_EXTERNAL(
            "kafka.external",
            "",
            "topics of other producers served as streams: comma-separated regexes, e.g. stream[0-9]+_(mjpg|h264)_low"),
    KAFKA_RETENTION("kafka.retention", "10m", "stream topics keep frames this long"),
    KAFKA_RETENTION_BYTES(
            "kafka.retention.bytes", "268435456", "and at most this many bytes per stream topic"),
    KAFKA_REPLICATION(
            "kafka.replication",
            "-1",
            "replication factor of the topics the relay creates (-1 = the broker's default)"),
    KAFKA_SINK_QUEUE_FRAMES(
            "kafka.sink.queue.frames",
            "512",
            "frames waiting for Kafka (all streams) before frames are dropped"),
    KAFKA_SINK_QUEUE_BYTES(
            "kafka.sink.queue.bytes",
            "67108864",
            "bytes waiting for Kafka before frames are dropped"),
    KAFKA_SOURCE_LINGER(
            "kafka.source.linger",
            "30s",
            "keep consuming a remote stream this long after its last viewer left"),
    KAFKA_HEARTBEAT(
            "kafka.heartbeat", "1s", "how often a node announces its cameras in the directory"),
    KAFKA_PRESENCE_TIMEOUT(
            "kafka.presence.timeout",
            "5s",
            "a node silent this long is gone and its cameras are offline");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final boolean secret;

    ConfigKey(String key, String defaultValue, String description) {
        this(key, defaultValue, description, false);
    }

    ConfigKey(String key, String defaultValue, String description, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
    }

    /** Secrets are masked when the effective configuration is logged, and may come from a file. */
    public boolean secret() {
        return secret;
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

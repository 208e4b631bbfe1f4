package dev.camrelay.kafka;

import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamSnapshot;
import dev.camrelay.stream.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows of the cluster: every node's last heartbeat, the offset of each stream
 * topic's last keyframe, and the external topics served as streams. Written only by the
 * directory thread ({@link DirectoryLoop}); read by any thread (concurrent maps of immutable values).
 */
final class Directory {
    /** A stream known elsewhere: its topic, who ingests it ({@link #EXTERNAL} for other producers), whether it is live. */
    record Remote(StreamTopic topic, String node, boolean live, Presence.Announced info) {
        boolean external() {
            return EXTERNAL.equals(node);
        }
    }

    record Heard(Presence presence, long atMillis) {
    }

    static final String EXTERNAL = "external";

    private final String self;
    private final long presenceTimeoutMs;
    private final long forgetAfterMs;
    private final ConcurrentHashMap<String, Heard> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> keyframes = new ConcurrentHashMap<>();
    private volatile Map<StreamKey, Remote> external = Map.of();

    Directory(String self, long presenceTimeoutMs, long forgetAfterMs) {
        this.self = self;
        this.presenceTimeoutMs = presenceTimeoutMs;
        this.forgetAfterMs = forgetAfterMs;
    }

    String self() {
        return self;
    }

    void heard(Presence presence, long atMillis) {
        nodes.put(presence.node(), new Heard(presence, atMillis));
    }

    void left(String node) {
        nodes.remove(node);
    }

    void keyframe(String topic, long offset) {
        keyframes.put(topic, offset);
    }

    void external(Map<StreamKey, Remote> topics) {
        external = Map.copyOf(topics);
    }

    OptionalLong keyframeOffset(String topic) {
        Long offset = keyframes.get(topic);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** True when some node announces this topic as its own: it is not an external one. */
    boolean announced(String topic) {
        for (Heard heard : nodes.values()) {
            for (Presence.Announced a : heard.presence().streams()) {
                if (topic.equals(a.topic())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The stream {@code key} as another node or an external topic has it; a live announcement wins. */
    Optional<Remote> find(StreamKey key) {
        Remote best = null;
        for (Remote remote : remotes()) {
            if (remote.topic().key().equals(key) && (best == null || remote.live() && !best.live())) {
                best = remote;
            }
        }
        return Optional.ofNullable(best);
    }

    List<StreamSnapshot> list() {
        List<StreamSnapshot> out = new ArrayList<>();
        for (Remote r : remotes()) {
            Presence.Announced a = r.info();
            String state = (r.live() ? StreamState.LIVE : StreamState.OFFLINE).wireName();
            out.add(new StreamSnapshot(a.name(), a.quality(), a.format(), a.codec(), state, a.width(), a.height(), a.fpsIn(),
                    0, 0, 0, 0, 0, 0, Map.of(), null, r.node()));
        }
        return out;
    }

    /** Every stream of other nodes heard recently (stale nodes' cameras offline), then the external topics. */
    private List<Remote> remotes() {
        long now = System.currentTimeMillis();
        List<Remote> out = new ArrayList<>();
        for (Heard heard : nodes.values()) {
            long age = now - heard.atMillis();
            if (heard.presence().node().equals(self) || age > forgetAfterMs) {
                continue;
            }
            boolean fresh = age <= presenceTimeoutMs;
            for (Presence.Announced a : heard.presence().streams()) {
                StreamTopic.parse(a.topic()).ifPresent(topic ->
                        out.add(new Remote(topic, heard.presence().node(), fresh && StreamState.LIVE.wireName().equals(a.state()), a)));
            }
        }
        out.addAll(external.values());
        return out;
    }

    Map<String, Object> status() {
        return Map.of("nodes", nodes.keySet().stream().sorted().toList(), "keyframesKnown", keyframes.size(), "externalTopics", external.size());
    }
}

package dev.camrelay.kafka;

import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamSnapshot;
import dev.camrelay.stream.StreamState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows of the cluster: every node's last heartbeat, the offset of each stream
 * topic's last keyframe, and the external topics served as streams. Written only by the directory
 * thread ({@link DirectoryLoop}); read by any thread (concurrent maps and volatile immutable
 * snapshots). Lookups by stream go through an index rebuilt on each heartbeat, so the source's
 * checks cost no scan of the whole cluster; liveness is judged at lookup time.
 */
final class Directory {
    /**
     * A stream known elsewhere: its topic, who ingests it ({@link #EXTERNAL} for other producers),
     * whether it is live.
     */
    record Remote(StreamTopic topic, String node, boolean live, Presence.Announced info) {
        boolean external() {
            return EXTERNAL.equals(node);
        }
    }

    /** One node's announcement of one stream, and when the node said it. */
    private record Announcement(
            StreamTopic topic, String node, Presence.Announced info, long atMillis) {}

    private record Heard(Presence presence, long atMillis) {}

    static final String EXTERNAL = "external";

    private final String self;
    private final long presenceTimeoutMs;
    private final long forgetAfterMs;
    private final ConcurrentHashMap<String, Heard> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> keyframes = new ConcurrentHashMap<>();
    private volatile Map<StreamKey, List<Announcement>> index = Map.of();
    private volatile Set<String> announcedTopics = Set.of();
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
        reindex();
    }

    void left(String node) {
        nodes.remove(node);
        reindex();
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
        return announcedTopics.contains(topic);
    }

    /**
     * The stream {@code key} as another node or an external topic has it; a live announcement wins.
     */
    Optional<Remote> find(StreamKey key) {
        long now = System.currentTimeMillis();
        Remote best = external.get(key);
        for (Announcement announcement : index.getOrDefault(key, List.of())) {
            Remote remote = remote(announcement, now);
            if (remote != null && (best == null || remote.live() && !best.live())) {
                best = remote;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Every stream of other nodes heard recently (stale nodes' cameras offline), then the external
     * topics.
     */
    List<StreamSnapshot> list() {
        long now = System.currentTimeMillis();
        List<StreamSnapshot> out = new ArrayList<>();
        for (List<Announcement> announcements : index.values()) {
            for (Announcement announcement : announcements) {
                Remote remote = remote(announcement, now);
                if (remote != null) {
                    out.add(snapshot(remote));
                }
            }
        }
        external.values().forEach(remote -> out.add(snapshot(remote)));
        return out;
    }

    Map<String, Object> status() {
        return Map.of(
                "nodes",
                nodes.keySet().stream().sorted().toList(),
                "keyframesKnown",
                keyframes.size(),
                "externalTopics",
                external.size());
    }

    /** Null once the node has been silent past the grace: forgotten. */
    private Remote remote(Announcement a, long now) {
        long age = now - a.atMillis();
        if (age > forgetAfterMs) {
            return null;
        }
        boolean live =
                age <= presenceTimeoutMs && StreamState.LIVE.wireName().equals(a.info().state());
        return new Remote(a.topic(), a.node(), live, a.info());
    }

    private static StreamSnapshot snapshot(Remote r) {
        Presence.Announced a = r.info();
        String state = (r.live() ? StreamState.LIVE : StreamState.OFFLINE).wireName();
        return new StreamSnapshot(
                a.name(),
                a.quality(),
                a.format(),
                a.codec(),
                state,
                a.width(),
                a.height(),
                a.fpsIn(),
                0,
                0,
                0,
                0,
                0,
                0,
                Map.of(),
                null,
                Map.of(),
                List.of(),
                r.node(),
                null);
    }

    private void reindex() {
        Map<StreamKey, List<Announcement>> byKey = new HashMap<>();
        Set<String> topics = new HashSet<>();
        for (Heard heard : nodes.values()) {
            String node = heard.presence().node();
            for (Presence.Announced a : heard.presence().streams()) {
                topics.add(a.topic());
                if (node.equals(self)) {
                    continue;
                }
                StreamTopic.parse(a.topic())
                        .ifPresent(
                                topic ->
                                        byKey.computeIfAbsent(topic.key(), k -> new ArrayList<>())
                                                .add(
                                                        new Announcement(
                                                                topic, node, a, heard.atMillis())));
            }
        }
        index = Map.copyOf(byKey);
        announcedTopics = Set.copyOf(topics);
    }
}

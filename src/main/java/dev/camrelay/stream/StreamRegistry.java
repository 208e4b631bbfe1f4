package dev.camrelay.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All streams by name and quality. Lookups are lock-free; creating, replacing and removing a stream
 * happen under one private lock, so the stream limit holds exactly. In a cluster, a lookup miss
 * asks {@link RemoteStreams} and camera frames go to the {@link FrameTap}; both are set once at
 * start-up, before any camera or viewer arrives.
 */
public final class StreamRegistry implements AutoCloseable {
    private final ConcurrentHashMap<StreamKey, LiveStream> streams = new ConcurrentHashMap<>();
    private final int maxStreams;
    private final int maxViewersPerStream;
    private final long offlineGraceNanos;
    private final long repeatNanos;
    private final long gopCacheBytes;
    private volatile FrameTap tap;
    private volatile RemoteStreams remote = RemoteStreams.NONE;

    /** Serialises creating, replacing and removing streams; lookups read the map without it. */
    private final Object lock = new Object();

    public StreamRegistry(
            int maxStreams,
            int maxViewersPerStream,
            Duration offlineGrace,
            Duration mjpegRepeat,
            long gopCacheBytes) {
        this.gopCacheBytes = gopCacheBytes;
        this.maxStreams = maxStreams;
        this.maxViewersPerStream = maxViewersPerStream;
        this.offlineGraceNanos = offlineGrace.toNanos();
        this.repeatNanos = mjpegRepeat.toNanos();
    }

    /**
     * Joins a cluster: camera frames go to {@code frameTap}, lookup misses to {@code
     * remoteStreams}.
     */
    public void joinCluster(FrameTap frameTap, RemoteStreams remoteStreams) {
        this.tap = frameTap;
        this.remote = remoteStreams;
    }

    /**
     * Gives a camera the stream {@code key}, creating it or taking it over from a previous
     * connection. A stream that changes format is replaced and its old viewers are closed, since
     * their decoders cannot follow.
     */
    public Publication publish(StreamKey key, Format format) throws StreamLimitException {
        synchronized (lock) {
            return publish(key, format, Origin.CAMERA);
        }
    }

    /**
     * Gives the cluster feed the stream {@code key}; empty while a camera of this node holds it (a
     * camera here always wins) or when the stream limit is reached.
     */
    public Optional<Publication> publishFromCluster(StreamKey key, Format format) {
        synchronized (lock) {
            LiveStream held = streams.get(key);
            if (held != null && held.heldByCamera()) {
                return Optional.empty();
            }
            try {
                return Optional.of(publish(key, format, Origin.CLUSTER));
            } catch (StreamLimitException e) {
                return Optional.empty();
            }
        }
    }

    @GuardedBy("lock")
    private Publication publish(StreamKey key, Format format, Origin origin)
            throws StreamLimitException {
        LiveStream stream = streamFor(key, format);
        return new Publication(stream, stream.takeOver(origin, tap));
    }

    /**
     * Keeps the stream {@code key} for a camera pulled on demand: created offline when absent, so
     * viewers can attach and wait for the camera, and never expired. {@code onViewer} runs at each
     * viewer's attach, under the stream's lock: it must only signal the puller.
     */
    public LiveStream reserve(StreamKey key, Format format, Runnable onViewer)
            throws StreamLimitException {
        synchronized (lock) {
            LiveStream stream = streamFor(key, format);
            stream.reserve(onViewer);
            return stream;
        }
    }

    @GuardedBy("lock")
    private LiveStream streamFor(StreamKey key, Format format) throws StreamLimitException {
        LiveStream stream = streams.get(key);
        if (stream != null && stream.format() != format) {
            streams.remove(key);
            stream.close("stream format changed to " + format.wireName());
            stream = null;
        }
        if (stream == null) {
            if (streams.size() >= maxStreams) {
                throw new StreamLimitException(maxStreams);
            }
            stream =
                    new LiveStream(
                            key, format, maxViewersPerStream, gopCacheBytes, System.nanoTime());
            streams.put(key, stream);
        }
        return stream;
    }

    /**
     * The stream with this name in the preferred quality, else its other rendition. In a cluster a
     * rendition this node lacks is looked up elsewhere before falling back to the other one, so a
     * viewer asking for the low rendition gets it even when only the high one is held here.
     */
    public Optional<LiveStream> find(String name, Quality preferred) {
        if (!StreamKey.isValidName(name)) {
            return Optional.empty();
        }
        Optional<LiveStream> exact = localOrRemote(new StreamKey(name, preferred));
        return exact.isPresent() ? exact : localOrRemote(new StreamKey(name, preferred.other()));
    }

    /** This node's stream {@code key} exactly, never asking the cluster. */
    public Optional<LiveStream> get(StreamKey key) {
        return Optional.ofNullable(streams.get(key));
    }

    private Optional<LiveStream> localOrRemote(StreamKey key) {
        LiveStream local = streams.get(key);
        return local != null ? Optional.of(local) : remote.open(this, key);
    }

    /**
     * Exactly this rendition of the named stream; with Kafka, from the cluster when this node does
     * not hold it (an auto-quality viewer then moves once the feed has brought a keyframe).
     */
    public Optional<LiveStream> rendition(String name, Quality quality) {
        return StreamKey.isValidName(name)
                ? localOrRemote(new StreamKey(name, quality))
                : Optional.empty();
    }

    public List<LiveStream> streams() {
        List<LiveStream> all = new ArrayList<>(streams.values());
        all.sort(
                Comparator.comparing((LiveStream s) -> s.key().name())
                        .thenComparing(s -> s.key().quality()));
        return all;
    }

    public List<StreamSnapshot> snapshots() {
        long now = System.nanoTime();
        return streams().stream().map(s -> s.snapshot(now)).toList();
    }

    /**
     * Every stream of the cluster for the API: this node's (named after the node that ingests them)
     * and those known only elsewhere.
     */
    public List<StreamSnapshot> listing() {
        List<StreamSnapshot> others = remote.list();
        if (others.isEmpty() && remote.localNode() == null) {
            return snapshots();
        }
        Map<String, StreamSnapshot> byKey = new HashMap<>();
        others.forEach(s -> byKey.put(s.name() + "/" + s.quality(), s));
        long now = System.nanoTime();
        List<StreamSnapshot> all = new ArrayList<>();
        for (LiveStream stream : streams()) {
            StreamSnapshot known =
                    byKey.remove(stream.key().name() + "/" + stream.key().quality().wireName());
            if (known != null
                    && StreamState.LIVE.wireName().equals(known.state())
                    && !stream.live()) {
                // the camera left this node and is live elsewhere: show where it is now
                all.add(known);
                continue;
            }
            String node =
                    stream.origin() == Origin.CAMERA
                            ? remote.localNode()
                            : known == null ? null : known.node();
            all.add(stream.snapshot(now).withNode(node));
        }
        all.addAll(byKey.values());
        all.sort(
                Comparator.comparing(StreamSnapshot::name)
                        .thenComparing(s -> Quality.fromParameter(s.quality())));
        return all;
    }

    /**
     * Removes a stream fed from the cluster once nobody watches it; atomic with attach, so a viewer
     * arriving meanwhile either keeps it or finds it gone and opens it anew.
     */
    public boolean retire(LiveStream stream) {
        synchronized (lock) {
            if (streams.get(stream.key()) != stream || !stream.retireIfIdle()) {
                return false;
            }
            streams.remove(stream.key());
            return true;
        }
    }

    /**
     * Housekeeping, about once a second: per-stream ticks, then removal of streams offline past the
     * grace period.
     */
    public void tick(long nowNanos) {
        for (LiveStream stream : streams.values()) {
            stream.tick(nowNanos, repeatNanos);
        }
        List<LiveStream> expired = new ArrayList<>();
        synchronized (lock) {
            streams.values()
                    .removeIf(
                            stream ->
                                    stream.expired(nowNanos, offlineGraceNanos)
                                            && expired.add(stream));
        }
        for (LiveStream stream : expired) {
            stream.close("camera offline");
        }
    }

    /** Closes every stream and viewer. */
    @Override
    public void close() {
        List<LiveStream> all;
        synchronized (lock) {
            all = new ArrayList<>(streams.values());
            streams.clear();
        }
        for (LiveStream stream : all) {
            stream.close("server shutting down");
        }
    }
}

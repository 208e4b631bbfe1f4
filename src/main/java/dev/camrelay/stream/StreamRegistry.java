package dev.camrelay.stream;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All streams by name and quality. Lookups are lock-free; creating, replacing and removing a
 * stream happen under {@code this}, so the stream limit holds exactly.
 */
public final class StreamRegistry implements AutoCloseable {
    private final ConcurrentHashMap<StreamKey, LiveStream> streams = new ConcurrentHashMap<>();
    private final int maxStreams;
    private final int maxViewersPerStream;
    private final long offlineGraceNanos;
    private final long repeatNanos;
    private final long gopCacheBytes;

    public StreamRegistry(int maxStreams, int maxViewersPerStream, Duration offlineGrace, Duration mjpegRepeat, long gopCacheBytes) {
        this.gopCacheBytes = gopCacheBytes;
        this.maxStreams = maxStreams;
        this.maxViewersPerStream = maxViewersPerStream;
        this.offlineGraceNanos = offlineGrace.toNanos();
        this.repeatNanos = mjpegRepeat.toNanos();
    }

    /**
     * Gives a camera the stream {@code key}, creating it or taking it over from a previous
     * connection. A stream that changes format is replaced and its old viewers are closed, since
     * their decoders cannot follow.
     */
    public synchronized Publication publish(StreamKey key, Format format) throws StreamLimitException {
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
            stream = new LiveStream(key, format, maxViewersPerStream, gopCacheBytes, System.nanoTime());
            streams.put(key, stream);
        }
        return new Publication(stream, stream.takeOver());
    }

    /** The stream with this name in the preferred quality, else its other rendition. */
    public Optional<LiveStream> find(String name, Quality preferred) {
        if (!StreamKey.isValidName(name)) {
            return Optional.empty();
        }
        LiveStream stream = streams.get(new StreamKey(name, preferred));
        if (stream == null) {
            stream = streams.get(new StreamKey(name, preferred.other()));
        }
        return Optional.ofNullable(stream);
    }

    /** Exactly this rendition of the named stream. */
    public Optional<LiveStream> rendition(String name, Quality quality) {
        return StreamKey.isValidName(name) ? Optional.ofNullable(streams.get(new StreamKey(name, quality))) : Optional.empty();
    }

    public List<LiveStream> streams() {
        List<LiveStream> all = new ArrayList<>(streams.values());
        all.sort(Comparator.comparing((LiveStream s) -> s.key().name()).thenComparing(s -> s.key().quality()));
        return all;
    }

    public List<StreamSnapshot> snapshots() {
        long now = System.nanoTime();
        return streams().stream().map(s -> s.snapshot(now)).toList();
    }

    /** Housekeeping, about once a second: per-stream ticks, then removal of streams offline past the grace period. */
    public void tick(long nowNanos) {
        for (LiveStream stream : streams.values()) {
            stream.tick(nowNanos, repeatNanos);
        }
        List<LiveStream> expired = new ArrayList<>();
        synchronized (this) {
            streams.values().removeIf(stream -> stream.expired(nowNanos, offlineGraceNanos) && expired.add(stream));
        }
        for (LiveStream stream : expired) {
            stream.close("camera offline");
        }
    }

    /** Closes every stream and viewer. */
    @Override
    public void close() {
        List<LiveStream> all;
        synchronized (this) {
            all = new ArrayList<>(streams.values());
            streams.clear();
        }
        for (LiveStream stream : all) {
            stream.close("server shutting down");
        }
    }
}

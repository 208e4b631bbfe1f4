package dev.camrelay.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.camrelay.media.AudioTrack;
import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.JpegInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub of one stream: the join cache (latest JPEG, or the GOP since the last keyframe), the
 * subscribers, and the publisher's ownership. Guarded by a private lock: publish, attach and detach
 * take the same lock, so a viewer that joins gets the cached frame and then every later one, with
 * no gap and no duplicate. Subscribers' {@code offer} never blocks, so the lock is held for
 * microseconds.
 */
public final class LiveStream {
    private static final double FPS_SMOOTHING = 0.5;

    private final StreamKey key;
    private final Format format;
    private final int maxViewers;
    private final ViewerStats viewerStats = new ViewerStats();

    private final Object lock = new Object();

    @GuardedBy("lock")
    private final JoinCache cache;

    /** The audio track the publisher described; null while the stream has none. */
    @GuardedBy("lock")
    private AudioTrack audioTrack;

    @GuardedBy("lock")
    private final JoinAudio joinAudio = new JoinAudio();

    @GuardedBy("lock")
    private Subscriber[] subscribers = new Subscriber[0];

    @GuardedBy("lock")
    private Origin origin = Origin.CAMERA;

    /** Set only while a camera of this node publishes: frames from the cluster are never tapped. */
    @GuardedBy("lock")
    private FrameTap tap;

    @GuardedBy("lock")
    private long sequence;

    @GuardedBy("lock")
    private long epoch;

    @GuardedBy("lock")
    private boolean live;

    @GuardedBy("lock")
    private boolean closed;

    /** Kept for a camera pulled on demand: never expires, and tells the puller of each viewer. */
    @GuardedBy("lock")
    private boolean reserved;

    /** Called under the lock at each attach of a reserved stream: it may only signal. */
    @GuardedBy("lock")
    private Runnable onViewer;

    @GuardedBy("lock")
    private long offlineSinceNanos;

    @GuardedBy("lock")
    private long lastOfferNanos;

    @GuardedBy("lock")
    private long framesIn;

    @GuardedBy("lock")
    private long bytesIn;

    @GuardedBy("lock")
    private Integer width;

    @GuardedBy("lock")
    private Integer height;

    @GuardedBy("lock")
    private String codec;

    @GuardedBy("lock")
    private long fpsWindowStartNanos;

    @GuardedBy("lock")
    private long fpsWindowFrames;

    @GuardedBy("lock")
    private double fpsIn;

    LiveStream(StreamKey key, Format format, int maxViewers, long gopCacheBytes, long nowNanos) {
        this.key = key;
        this.format = format;
        this.maxViewers = maxViewers;
        this.cache = format == Format.MJPEG ? JoinCache.latestOnly() : new GopCache(gopCacheBytes);
        this.fpsWindowStartNanos = nowNanos;
        this.offlineSinceNanos = nowNanos;
    }

    public StreamKey key() {
        return key;
    }

    public Format format() {
        return format;
    }

    /** Counters the viewers of this stream add to. */
    public ViewerStats viewerStats() {
        return viewerStats;
    }

    /**
     * Registers a viewer and hands it the join cache under the publish lock, so it then gets every
     * later frame with no gap and no duplicate. Returns false when the stream is full or closed.
     */
    public boolean attach(Subscriber subscriber) {
        synchronized (lock) {
            if (closed || subscribers.length >= maxViewers) {
                return false;
            }
            subscribers = Arrays.copyOf(subscribers, subscribers.length + 1);
            subscribers[subscribers.length - 1] = subscriber;
            if (reserved) {
                onViewer.run();
            }
            List<Frame> join = cache.frames();
            if (subscriber.wantsAudio()) {
                join = joinAudio.mergeInto(join);
            }
            if (!join.isEmpty()) {
                subscriber.offerJoin(join);
            }
            return true;
        }
    }

    public void detach(Subscriber subscriber) {
        synchronized (lock) {
            for (int i = 0; i < subscribers.length; i++) {
                if (subscribers[i] == subscriber) {
                    Subscriber[] next = new Subscriber[subscribers.length - 1];
                    System.arraycopy(subscribers, 0, next, 0, i);
                    System.arraycopy(subscribers, i + 1, next, i, next.length - i);
                    subscribers = next;
                    return;
                }
            }
        }
    }

    /**
     * True when a viewer attaching now starts with a picture at once: the stream is live and its
     * join cache begins with a keyframe (or holds a JPEG).
     */
    public boolean joinableNow() {
        synchronized (lock) {
            if (closed || !live) {
                return false;
            }
            List<Frame> join = cache.frames();
            return !join.isEmpty() && (format == Format.MJPEG || join.get(0).keyframe());
        }
    }

    /** The latest frame, for snapshots. */
    public Optional<Frame> latest() {
        synchronized (lock) {
            return Optional.ofNullable(cache.latest());
        }
    }

    /**
     * The largest frame a viewer joining now is handed (the newest JPEG, or the GOP's keyframe), in
     * bytes; 0 before the first picture.
     */
    public int joinFrameBytes() {
        synchronized (lock) {
            int largest = 0;
            for (Frame frame : cache.frames()) {
                largest = Math.max(largest, frame.size());
            }
            return largest;
        }
    }

    /** Picture size and codec string, as the ingest learns them from the bitstream (H.264 SPS). */
    void describe(int pictureWidth, int pictureHeight, String codecString) {
        synchronized (lock) {
            width = pictureWidth;
            height = pictureHeight;
            codec = codecString;
        }
    }

    public StreamSnapshot snapshot(long nowNanos) {
        synchronized (lock) {
            Frame latest = cache.latest();
            return new StreamSnapshot(
                    key.name(),
                    key.quality().wireName(),
                    format.wireName(),
                    codec,
                    (live ? StreamState.LIVE : StreamState.OFFLINE).wireName(),
                    width,
                    height,
                    Math.round(fpsIn * 10) / 10.0,
                    subscribers.length,
                    framesIn,
                    bytesIn,
                    viewerStats.framesOut(),
                    viewerStats.bytesOut(),
                    viewerStats.framesDropped(),
                    droppedByReason(),
                    latest == null
                            ? null
                            : Math.max(0, nowNanos - latest.ingestNanos()) / 1_000_000,
                    Map.of("down", viewerStats.switchedDown(), "up", viewerStats.switchedUp()),
                    autoViewers());
        }
    }

    @GuardedBy("lock")
    private List<ViewerSnapshot> autoViewers() {
        List<ViewerSnapshot> auto = new java.util.ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            subscriber.describe().ifPresent(auto::add);
        }
        return auto;
    }

    private Map<String, Long> droppedByReason() {
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        viewerStats
                .droppedByReason()
                .forEach((reason, count) -> byReason.put(reason.label(), count));
        return byReason;
    }

    /** The publisher's audio track (null: none); cached audio of another track is forgotten. */
    void describeAudio(AudioTrack track) {
        synchronized (lock) {
            if (track == null || !track.equals(audioTrack)) {
                joinAudio.clear();
            }
            audioTrack = track;
        }
    }

    long takeOver(Origin newOrigin, FrameTap newTap) {
        synchronized (lock) {
            audioTrack = null;
            joinAudio.clear();
            live = true;
            origin = newOrigin;
            tap = newOrigin == Origin.CAMERA ? newTap : null;
            return ++epoch;
        }
    }

    /** Where the current (or last) publisher gets its frames. */
    public Origin origin() {
        synchronized (lock) {
            return origin;
        }
    }

    /** True while a publisher feeds the stream. */
    public boolean live() {
        synchronized (lock) {
            return live && !closed;
        }
    }

    public int viewers() {
        synchronized (lock) {
            return subscribers.length;
        }
    }

    /** True while a camera of this node publishes: the cluster must not take such a stream over. */
    boolean heldByCamera() {
        synchronized (lock) {
            return live && !closed && origin == Origin.CAMERA;
        }
    }

    /** Closes the stream if nobody watches, atomically with attach; true when it did. */
    boolean retireIfIdle() {
        synchronized (lock) {
            if (subscribers.length > 0) {
                return false;
            }
            closed = true;
            live = false;
            return true;
        }
    }

    /**
     * Publishes a frame if {@code publisherEpoch} still owns the stream; returns false if it was
     * taken over.
     */
    boolean publish(long publisherEpoch, byte[] payload, boolean keyframe, long nowNanos) {
        synchronized (lock) {
            if (publisherEpoch != epoch || closed) {
                return false;
            }
            Frame frame = Frame.video(payload, ++sequence, nowNanos, keyframe, audioTrack);
            if (keyframe) {
                joinAudio.clear();
            }
            if (format == Format.MJPEG) {
                JpegInfo.parse(payload)
                        .ifPresent(
                                info -> {
                                    width = info.width();
                                    height = info.height();
                                });
            }
            cache.add(frame);
            framesIn++;
            fpsWindowFrames++;
            bytesIn += payload.length;
            offerToAll(frame, nowNanos);
            if (tap != null) {
                tap.frame(this, frame);
            }
            return true;
        }
    }

    /**
     * Publishes one frame of the described audio track to the viewers that asked for audio, and
     * keeps it for joining ones (bounded, oldest dropped); never to video-only viewers, taps,
     * snapshots or the join cache of pictures. False if taken over or without an audio track.
     */
    boolean publishAudio(long publisherEpoch, byte[] payload, long timestamp, long nowNanos) {
        synchronized (lock) {
            if (publisherEpoch != epoch || closed || audioTrack == null) {
                return false;
            }
            Frame frame = Frame.audio(payload, ++sequence, nowNanos, timestamp, audioTrack);
            joinAudio.add(frame);
            bytesIn += payload.length;
            for (Subscriber subscriber : subscribers) {
                if (subscriber.wantsAudio()) {
                    subscriber.offer(frame);
                }
            }
            return true;
        }
    }

    boolean isCurrent(long publisherEpoch) {
        synchronized (lock) {
            return publisherEpoch == epoch && !closed;
        }
    }

    void publisherGone(long publisherEpoch, long nowNanos) {
        synchronized (lock) {
            if (publisherEpoch == epoch && live) {
                live = false;
                offlineSinceNanos = nowNanos;
            }
        }
    }

    /**
     * Housekeeping: updates the input frame rate, repeats the latest JPEG to keep idle MJPEG
     * connections (proxies, phones) alive, and lets each viewer check itself for a stall.
     */
    void tick(long nowNanos, long repeatNanos) {
        Subscriber[] current;
        synchronized (lock) {
            long window = nowNanos - fpsWindowStartNanos;
            if (window >= 1_000_000_000L) {
                double measured = fpsWindowFrames * 1e9 / window;
                fpsIn =
                        fpsIn == 0
                                ? measured
                                : FPS_SMOOTHING * measured + (1 - FPS_SMOOTHING) * fpsIn;
                fpsWindowStartNanos = nowNanos;
                fpsWindowFrames = 0;
            }
            Frame latest = cache.latest();
            if (format == Format.MJPEG
                    && latest != null
                    && nowNanos - lastOfferNanos >= repeatNanos) {
                offerToAll(latest, nowNanos);
            }
            current = subscribers;
        }
        for (Subscriber subscriber : current) {
            subscriber.checkStall(nowNanos);
        }
    }

    void reserve(Runnable viewerAttached) {
        synchronized (lock) {
            reserved = true;
            onViewer = viewerAttached;
        }
    }

    boolean expired(long nowNanos, long graceNanos) {
        synchronized (lock) {
            return !live && !reserved && nowNanos - offlineSinceNanos >= graceNanos;
        }
    }

    /** Closes the stream and every viewer; outside the lock, since closing a viewer does I/O. */
    void close(String reason) {
        Subscriber[] current;
        synchronized (lock) {
            closed = true;
            live = false;
            current = subscribers;
            subscribers = new Subscriber[0];
        }
        for (Subscriber subscriber : current) {
            subscriber.close(reason);
        }
    }

    @GuardedBy("lock")
    private void offerToAll(Frame frame, long nowNanos) {
        lastOfferNanos = nowNanos;
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(frame);
        }
    }
}

package dev.camrelay.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.Quality;
import java.util.List;
import java.util.Optional;

/**
 * One viewer's source of frames: the rendition it is attached to and its bounded queue, and, for
 * {@code ?quality=auto}, the move to the other rendition when {@link AutoQuality} says so. A move
 * attaches to the target first (whose join cache hands over a keyframe with its parameter sets, or
 * the newest JPEG), then detaches from the old one and discards what was still queued for it: the
 * viewer's writer sees the old rendition's frames up to some point and then the target's from a
 * keyframe on, so the picture never breaks. Renditions of another format are never switched to.
 * Moves and detaching are guarded by a private lock; taking frames is lock-free.
 */
public final class ViewerFeed {
    /** The transport side of a viewer: an MJPEG response or a WebSocket. */
    public interface Viewer {
        /** Frames were queued: schedule a write. Called under a stream's lock: must not block. */
        void wake();

        /** About once a second from housekeeping: close the viewer if its write has stalled. */
        void checkStall(long nowNanos);

        /** True when this transport carries the stream's audio frames beside its pictures. */
        default boolean wantsAudio() {
            return false;
        }

        /** The stream ended (format change, offline too long, shutdown). Idempotent. */
        void close(String reason);
    }

    /** Builds a viewer's queue for one rendition; its drops are counted through {@code drops}. */
    @FunctionalInterface
    public interface QueueFactory {
        ViewerQueue create(LiveStream stream, DropCounter drops);
    }

    private final StreamRegistry registry;
    private final QueueFactory queues;
    private final AutoQuality auto;
    private volatile Binding current;
    private volatile int switches;
    private final Object lock = new Object();

    /** Set in attach before the first binding is registered; the stream's lock publishes it. */
    private Viewer viewer;

    @GuardedBy("lock")
    private boolean detached;

    private ViewerFeed(
            StreamRegistry registry, LiveStream first, QueueFactory queues, AutoQuality auto) {
        this.registry = registry;
        this.queues = queues;
        this.auto = auto;
        this.current = new Binding(first);
    }

    /**
     * A feed of the named stream in the preferred quality (or its only rendition); with a policy,
     * the feed follows the viewer's delivery between renditions. Empty when there is no such
     * stream.
     */
    public static Optional<ViewerFeed> open(
            StreamRegistry registry,
            String name,
            Quality preferred,
            AutoQualityPolicy autoPolicy,
            QueueFactory queues) {
        return registry.find(name, preferred)
                .map(
                        stream ->
                                new ViewerFeed(
                                        registry,
                                        stream,
                                        queues,
                                        autoPolicy == null
                                                ? null
                                                : new AutoQuality(autoPolicy, System.nanoTime())));
    }

    public LiveStream stream() {
        return current.stream;
    }

    public Format format() {
        return current.stream.format();
    }

    /** Attaches the viewer to its first rendition; false when that stream is full or gone. */
    public boolean attach(Viewer transport) {
        synchronized (lock) {
            viewer = transport;
            Binding binding = current;
            return binding.stream.attach(binding);
        }
    }

    /** Stops all delivery to this feed; idempotent. */
    public void detach() {
        Binding binding;
        synchronized (lock) {
            detached = true;
            binding = current;
        }
        binding.stream.detach(binding);
    }

    /** The next frame to write, or null. Called by the viewer's single writer. */
    public Frame take() {
        return current.queue.take();
    }

    /**
     * A write completed: counted for the stream and for this viewer's delivery judgement. Single
     * writer.
     */
    public void delivered(int bytes) {
        Binding binding = current;
        binding.stream.viewerStats().delivered(bytes);
        binding.delivered++;
    }

    public Quality quality() {
        return current.stream.key().quality();
    }

    public int switches() {
        return switches;
    }

    private void judge(Binding binding, long nowNanos) {
        long delivered = binding.delivered;
        long offered = binding.offered - binding.capped;
        AutoQuality.Verdict verdict =
                auto.sample(
                        binding.stream.key().quality(),
                        delivered - binding.judgedDelivered,
                        offered - binding.judgedOffered,
                        nowNanos);
        binding.judgedDelivered = delivered;
        binding.judgedOffered = offered;
        switch (verdict) {
            case DOWN -> moveTo(Quality.LOW, nowNanos);
            case UP -> moveTo(Quality.HIGH, nowNanos);
            case STAY -> {}
        }
    }

    private void moveTo(Quality target, long nowNanos) {
        Binding previous = current;
        Optional<LiveStream> found = registry.rendition(previous.stream.key().name(), target);
        if (found.isEmpty()
                || found.get().format() != previous.stream.format()
                || !found.get().joinableNow()) {
            return;
        }
        Binding next = new Binding(found.get());
        synchronized (lock) {
            if (detached || current != previous || !next.stream.attach(next)) {
                return;
            }
            current = next;
            switches++;
        }
        previous.stream.detach(previous);
        int stale = 0;
        while (previous.queue.take() != null) {
            stale++;
        }
        if (stale > 0) {
            previous.stream.viewerStats().dropped(DropReason.RENDITION_SWITCH, stale);
        }
        previous.stream.viewerStats().switched(target);
        auto.switched(nowNanos);
        viewer.wake();
    }

    /**
     * This feed as one rendition's subscriber, with the counts the judgement needs. Offers and
     * rate-cap drops are counted under the stream's lock, deliveries by the viewer's one writer at
     * a time (its pump orders the completions): one writer each, read by housekeeping.
     */
    private final class Binding implements Subscriber, DropCounter {
        private final LiveStream stream;
        private final ViewerQueue queue;
        private volatile long offered;
        private volatile long capped;
        private volatile long delivered;
        private long judgedDelivered;
        private long judgedOffered;

        Binding(LiveStream stream) {
            this.stream = stream;
            this.queue = queues.create(stream, this);
        }

        @Override
        public void offer(Frame frame) {
            offered++;
            queue.offer(frame);
            viewer.wake();
        }

        @Override
        public void offerJoin(List<Frame> frames) {
            offered += frames.size();
            queue.offerJoin(frames);
            viewer.wake();
        }

        @Override
        public boolean wantsAudio() {
            return viewer.wantsAudio();
        }

        @Override
        public void checkStall(long nowNanos) {
            viewer.checkStall(nowNanos);
            if (auto != null && current == this) {
                judge(this, nowNanos);
            }
        }

        @Override
        public void close(String reason) {
            viewer.close(reason);
        }

        @Override
        public void dropped(DropReason reason, int frames) {
            stream.viewerStats().dropped(reason, frames);
            if (reason == DropReason.RATE_CAP) {
                capped += frames;
            }
        }

        @Override
        public Optional<ViewerSnapshot> describe() {
            return auto == null
                    ? Optional.empty()
                    : Optional.of(
                            new ViewerSnapshot(
                                    stream.key().quality().wireName(),
                                    switches,
                                    offered - capped,
                                    delivered));
        }
    }
}

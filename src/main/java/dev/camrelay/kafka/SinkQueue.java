package dev.camrelay.kafka;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.stream.LiveStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The frames waiting for Kafka, over all of this node's cameras, bounded by frames and bytes. Drop
 * policy "drop newest, then skip to the next keyframe": a frame that does not fit is dropped; for
 * H.264 and TS every later frame of that stream is dropped too until its next keyframe, so a
 * consumer never gets a GOP with a hole in it. Every drop is counted by reason.
 *
 * <p>Frames also expire by age: one that waited longer than the queue's maximum age (Kafka away,
 * then back) is dropped when polled, and for H.264 and TS the stream resumes at its next queued
 * keyframe, so remote viewers never get old video as live.
 *
 * <p>{@link #offer} runs on publishing threads under the stream's lock and never blocks; {@link
 * #poll} runs on the sink thread only. A stream's lane flag is also set from the producer's
 * callback thread, hence atomic.
 */
final class SinkQueue {
    enum Drop {
        QUEUE_FULL("queue_full"),
        TOPIC_PENDING("topic_pending"),
        AWAITING_KEYFRAME("awaiting_keyframe"),
        KAFKA_UNAVAILABLE("kafka_unavailable"),
        EXPIRED("expired"),
        SEND_FAILED("send_failed");

        final String label;

        Drop(String label) {
            this.label = label;
        }
    }

    /** One stream's place in the queue: its topic and whether it must restart at a keyframe. */
    static final class Lane {
        final StreamTopic topic;
        final AtomicBoolean awaitingKeyframe = new AtomicBoolean();

        /**
         * A queued frame of this lane expired: later ones are skipped up to a keyframe. Sink
         * thread.
         */
        boolean skippingToKeyframe;

        Lane(StreamTopic topic) {
            this.topic = topic;
        }
    }

    record Outgoing(Lane lane, Frame frame, long ingestMicros) {}

    private final ArrayBlockingQueue<Outgoing> queue;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentHashMap<LiveStream, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<Drop, AtomicLong> drops = new EnumMap<>(Drop.class);
    private final AtomicLong accepted = new AtomicLong();
    private final long maxAgeMicros;
    private final LongSupplier clockMicros;

    /** {@code clockMicros} is the clock of the frames' ingest times (wall-clock microseconds). */
    SinkQueue(int maxFrames, long maxBytes, Duration maxAge, LongSupplier clockMicros) {
        this.queue = new ArrayBlockingQueue<>(maxFrames);
        this.maxBytes = maxBytes;
        this.maxAgeMicros = TimeUnit.NANOSECONDS.toMicros(maxAge.toNanos());
        this.clockMicros = clockMicros;
        for (Drop drop : Drop.values()) {
            drops.put(drop, new AtomicLong());
        }
    }

    /** Enqueues a camera frame or drops it by the policy; never blocks. */
    void offer(LiveStream stream, Frame frame, long ingestMicros) {
        Lane lane =
                lanes.computeIfAbsent(stream, s -> new Lane(StreamTopic.of(s.key(), s.format())));
        boolean gopStream = stream.format() != Format.MJPEG;
        if (gopStream && lane.awaitingKeyframe.get() && !frame.keyframe()) {
            dropped(Drop.AWAITING_KEYFRAME);
            return;
        }
        if (!reserve(frame.size())) {
            dropped(lane, Drop.QUEUE_FULL);
            return;
        }
        if (!queue.offer(new Outgoing(lane, frame, ingestMicros))) {
            bytes.addAndGet(-frame.size());
            dropped(lane, Drop.QUEUE_FULL);
            return;
        }
        if (frame.keyframe()) {
            lane.awaitingKeyframe.set(false);
        }
        accepted.incrementAndGet();
    }

    /** The next frame still young enough to send, or null after the timeout. Sink thread only. */
    Outgoing poll(long timeoutMs) throws InterruptedException {
        Outgoing next = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        while (next != null) {
            bytes.addAndGet(-next.frame().size());
            Lane lane = next.lane();
            boolean gopStream = lane.topic.format() != Format.MJPEG;
            if (clockMicros.getAsLong() - next.ingestMicros() > maxAgeMicros) {
                lane.skippingToKeyframe = gopStream;
                dropped(Drop.EXPIRED);
            } else if (lane.skippingToKeyframe && !next.frame().keyframe()) {
                dropped(Drop.AWAITING_KEYFRAME);
            } else {
                lane.skippingToKeyframe = false;
                return next;
            }
            next = queue.poll();
        }
        return null;
    }

    /** A frame of this lane was lost after the queue: the stream restarts at its next keyframe. */
    void dropped(Lane lane, Drop reason) {
        if (lane.topic.format() != Format.MJPEG) {
            lane.awaitingKeyframe.set(true);
        }
        dropped(reason);
    }

    /** Forgets the lanes of streams that are gone. Sink thread only. */
    void retainLanes(java.util.Set<LiveStream> current) {
        lanes.keySet().retainAll(current);
    }

    Map<String, Object> status() {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("queuedFrames", queue.size());
        status.put("queuedBytes", bytes.get());
        status.put("accepted", accepted.get());
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        drops.forEach((drop, count) -> byReason.put(drop.label, count.get()));
        status.put("droppedByReason", byReason);
        return status;
    }

    long dropCount() {
        return drops.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void dropped(Drop reason) {
        drops.get(reason).incrementAndGet();
    }

    private boolean reserve(int size) {
        while (true) {
            long current = bytes.get();
            if (current + size > maxBytes) {
                return false;
            }
            if (bytes.compareAndSet(current, current + size)) {
                return true;
            }
        }
    }
}

package dev.camrelay.kafka;

import dev.camrelay.media.Demuxer;
import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Format;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Origin;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.StreamRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One stream this node reads from Kafka and publishes into its local hub. Relay records carry one
 * frame each; an external producer's records go through the format's demuxer, exactly as camera
 * bytes do. H.264/TS publishing starts at a keyframe and restarts at one after any hole (an offset
 * or sequence gap), so viewers never get a broken GOP. Owned by the source thread.
 */
final class Feed {
    private final StreamTopic topic;
    private final boolean external;
    private final StreamRegistry registry;
    private final Latency latency;
    private final Demuxer demuxer;
    private Publication publication;
    private boolean endedHere;
    private boolean synced;
    private long nextOffset = -1;

    /**
     * Records before this offset are the catch-up from the last keyframe: their age is no latency.
     */
    private long liveFromOffset = Long.MAX_VALUE;

    private long lastSequence = -1;
    private long lastRecordNanos;
    private long lastViewerNanos;

    Feed(
            StreamTopic topic,
            boolean external,
            Publication publication,
            StreamRegistry registry,
            Latency latency,
            int maxFrameBytes) {
        this.topic = topic;
        this.external = external;
        this.publication = publication;
        this.registry = registry;
        this.latency = latency;
        this.demuxer = external ? Demuxers.of(topic.format(), maxFrameBytes) : null;
        long now = System.nanoTime();
        this.lastViewerNanos = now;
        this.lastRecordNanos = now;
    }

    StreamTopic topic() {
        return topic;
    }

    boolean external() {
        return external;
    }

    LiveStream stream() {
        return publication.stream();
    }

    /**
     * False once a camera of this node (or a format change) took the stream over: the feed must
     * stop.
     */
    boolean wanted() {
        return endedHere ? stream().origin() == Origin.CLUSTER : publication.isCurrent();
    }

    /** Set by the source when it seeks: the end offset then, where live frames begin. */
    void liveFrom(long offset) {
        liveFromOffset = offset;
    }

    void accept(ConsumerRecord<String, byte[]> record) {
        if (nextOffset >= 0 && record.offset() != nextOffset) {
            synced = false;
        }
        nextOffset = record.offset() + 1;
        lastRecordNanos = System.nanoTime();
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return;
        }
        if (external && !FrameHeaders.fromRelay(record.headers())) {
            demuxer.feed(value, 0, value.length, this::publish);
            demuxer.endOfFrame(this::publish);
            return;
        }
        boolean keyframe = FrameHeaders.keyframe(record.headers());
        long sequence = FrameHeaders.sequence(record.headers());
        if (!keyframe && lastSequence >= 0 && sequence >= 0 && sequence != lastSequence + 1) {
            synced = false;
        }
        lastSequence = sequence;
        long ingestMicros = FrameHeaders.ingestMicros(record.headers());
        if (publish(value, keyframe) && ingestMicros > 0 && record.offset() >= liveFromOffset) {
            latency.record(Math.max(0, KafkaSink.nowMicros() - ingestMicros));
        }
    }

    private boolean publish(byte[] payload, boolean keyframe) {
        if (topic.format() != Format.MJPEG && !synced && !keyframe) {
            latency.skippedToKeyframe();
            return false;
        }
        synced = true;
        if (endedHere) {
            // frames again after the camera was offline: it is back, so is the stream
            publication =
                    registry.publishFromCluster(topic.key(), topic.format()).orElse(publication);
            endedHere = !publication.isCurrent();
        }
        return publication.publish(payload, keyframe);
    }

    /**
     * The camera is offline (or its node gone) and nothing arrived lately: the local stream goes
     * offline too.
     */
    void offlineIfQuiet(boolean remoteLive, long nowNanos, long quietNanos) {
        if (!remoteLive
                && !endedHere
                && nowNanos - lastRecordNanos > quietNanos
                && publication.isCurrent()) {
            publication.end();
            endedHere = true;
        }
    }

    /** True when nobody has watched for {@code lingerNanos}. */
    boolean idle(long nowNanos, long lingerNanos) {
        if (stream().viewers() > 0) {
            lastViewerNanos = nowNanos;
            return false;
        }
        return nowNanos - lastViewerNanos > lingerNanos;
    }

    void stop() {
        publication.end();
    }
}

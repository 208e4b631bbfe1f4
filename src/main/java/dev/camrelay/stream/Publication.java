package dev.camrelay.stream;

import dev.camrelay.media.AudioTrack;

/**
 * One camera connection's right to publish into a stream. A camera that reconnects under the same
 * name takes the stream over; the old publication then stops counting. Owned by the one thread
 * feeding that camera's bytes: the ingest thread, or an HTTP push's read callbacks.
 */
public final class Publication {
    private final LiveStream stream;
    private final long epoch;
    private boolean ended;

    Publication(LiveStream stream, long epoch) {
        this.stream = stream;
        this.epoch = epoch;
    }

    public LiveStream stream() {
        return stream;
    }

    /**
     * Publishes one complete frame; the payload array is handed over and must not be touched again.
     * Returns false when another connection has taken the stream over.
     */
    public boolean publish(byte[] payload, boolean keyframe) {
        return !ended && stream.publish(epoch, payload, keyframe, System.nanoTime());
    }

    /** Records the picture size and codec string the ingest parsed from the bitstream. */
    public void describe(int width, int height, String codec) {
        stream.describe(width, height, codec);
    }

    /** Records the AAC track the camera described (null: none), before its first picture. */
    public void describeAudio(AudioTrack track) {
        stream.describeAudio(track);
    }

    /**
     * Publishes one raw AAC frame of the described track with its timestamp in the track's clock;
     * the payload array is handed over. False when taken over or no track was described.
     */
    public boolean publishAudio(byte[] payload, long timestamp) {
        return !ended && stream.publishAudio(epoch, payload, timestamp, System.nanoTime());
    }

    public boolean isCurrent() {
        return !ended && stream.isCurrent(epoch);
    }

    /**
     * The camera left: the stream goes offline (its viewers stay for the grace period). Idempotent.
     */
    public void end() {
        if (!ended) {
            ended = true;
            stream.publisherGone(epoch, System.nanoTime());
        }
    }
}

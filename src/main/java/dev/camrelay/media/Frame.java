package dev.camrelay.media;

import java.nio.ByteBuffer;

/**
 * One unit of media as it travels from a camera to every viewer: a JPEG, an H.264 access unit, a
 * run of whole TS packets, or one raw AAC frame of the stream's audio track ({@link #audio()}).
 * Immutable and shared: the payload is copied once at ingest and never written again, so every
 * viewer writes the same bytes without a copy of its own.
 */
public final class Frame {
    private final byte[] payload;
    private final long sequence;
    private final long ingestNanos;
    private final boolean keyframe;
    private final boolean audio;
    private final long timestamp;
    private final AudioTrack audioTrack;

    /**
     * Built on first use and shared by every MJPEG viewer; a racing second build yields equal
     * bytes.
     */
    private volatile byte[] multipartPart;

    /**
     * The same part outside the heap, for writers that take a buffer (see {@link
     * #multipartBuffer()}).
     */
    private volatile ByteBuffer multipartBuffer;

    /**
     * The payload outside the heap, made on the first {@link #payload()} and shared by every
     * WebSocket viewer.
     */
    private volatile ByteBuffer directPayload;

    /** Takes ownership of {@code payload}: the caller must not touch the array afterwards. */
    public Frame(byte[] payload, long sequence, long ingestNanos, boolean keyframe) {
        this(payload, sequence, ingestNanos, keyframe, false, 0, null);
    }

    private Frame(
            byte[] payload,
            long sequence,
            long ingestNanos,
            boolean keyframe,
            boolean audio,
            long timestamp,
            AudioTrack audioTrack) {
        this.payload = payload;
        this.sequence = sequence;
        this.ingestNanos = ingestNanos;
        this.keyframe = keyframe;
        this.audio = audio;
        this.timestamp = timestamp;
        this.audioTrack = audioTrack;
    }

    /** A video frame of a stream that carries {@code streamAudio} beside it (null: no audio). */
    public static Frame video(
            byte[] payload,
            long sequence,
            long ingestNanos,
            boolean keyframe,
            AudioTrack streamAudio) {
        return new Frame(payload, sequence, ingestNanos, keyframe, false, 0, streamAudio);
    }

    /** One raw AAC frame of {@code track}, with its timestamp in the track's clock rate. */
    public static Frame audio(
            byte[] payload, long sequence, long ingestNanos, long timestamp, AudioTrack track) {
        return new Frame(payload, sequence, ingestNanos, false, true, timestamp, track);
    }

    /** True for a frame of the audio track, which only viewers that asked for audio get. */
    public boolean audio() {
        return audio;
    }

    /** An audio frame's timestamp in its track's clock rate (RTP); 0 for video. */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The audio track: an audio frame's own, or the one a video frame's stream carried when it was
     * published; null when the stream has no audio.
     */
    public AudioTrack audioTrack() {
        return audioTrack;
    }

    /**
     * A read-only view of the payload in a direct buffer; each call returns an independent
     * position. A socket write of a heap buffer copies it into a temporary direct buffer first,
     * once per viewer; the direct copy is made once per frame (less server CPU with many viewers:
     * docs/PERFORMANCE.md). It lives as long as the frame, which the join cache and the viewer
     * queues bound, and its memory goes back with the frame's garbage collection.
     */
    public ByteBuffer payload() {
        ByteBuffer buffer = directPayload;
        if (buffer == null) {
            buffer = readOnlyDirect(payload);
            directPayload = buffer;
        }
        return buffer.duplicate();
    }

    public int size() {
        return payload.length;
    }

    public long sequence() {
        return sequence;
    }

    /** {@link System#nanoTime()} when the frame was complete at ingest. */
    public long ingestNanos() {
        return ingestNanos;
    }

    public boolean keyframe() {
        return keyframe;
    }

    /** Copies the payload, for callers that need an array of their own (snapshots, tests). */
    public byte[] copyPayload() {
        return payload.clone();
    }

    /**
     * This JPEG as one {@code multipart/x-mixed-replace} body part followed by the next part's
     * delimiter and headers (see {@link Multipart}), ready to write in one call.
     */
    public byte[] multipartPart() {
        byte[] part = multipartPart;
        if (part == null) {
            part = Multipart.part(payload);
            multipartPart = part;
        }
        return part;
    }

    /**
     * {@link #multipartPart()} in a direct buffer, as a read-only view with its own position. A
     * socket write of a heap buffer costs a copy into a temporary direct buffer for every viewer,
     * and a servlet container slices large heap buffers into several writes; the direct part is
     * copied once per frame and written to every viewer in one call. MJPEG frames are short-lived
     * (a stream keeps only its newest JPEG), so the direct memory goes with the next young
     * collection.
     */
    public ByteBuffer multipartBuffer() {
        ByteBuffer buffer = multipartBuffer;
        if (buffer == null) {
            buffer = readOnlyDirect(Multipart.part(payload));
            multipartBuffer = buffer;
        }
        return buffer.duplicate();
    }

    /**
     * A direct copy of the bytes that no viewer's writer can change; racing callers may each make
     * one, all equal.
     */
    private static ByteBuffer readOnlyDirect(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}

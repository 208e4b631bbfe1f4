package dev.camrelay.media;

import java.nio.ByteBuffer;

/**
 * One unit of media as it travels from a camera to every viewer: a JPEG, an H.264 access unit, or
 * a run of whole TS packets. Immutable and shared: the payload is copied once at ingest and never
 * written again, so every viewer writes the same bytes without a copy of its own.
 */
public final class Frame {
    private final byte[] payload;
    private final long sequence;
    private final long ingestNanos;
    private final boolean keyframe;
    /** Built on first use and shared by every MJPEG viewer; a racing second build yields equal bytes. */
    private volatile byte[] multipartPart;

    /** Takes ownership of {@code payload}: the caller must not touch the array afterwards. */
    public Frame(byte[] payload, long sequence, long ingestNanos, boolean keyframe) {
        this.payload = payload;
        this.sequence = sequence;
        this.ingestNanos = ingestNanos;
        this.keyframe = keyframe;
    }

    /** A read-only view of the payload; each call returns an independent position. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
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
     * delimiter (see {@link Multipart}), ready to write in one call.
     */
    public byte[] multipartPart() {
        byte[] part = multipartPart;
        if (part == null) {
            part = Multipart.part(payload);
            multipartPart = part;
        }
        return part;
    }
}

package dev.camrelay.media;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a raw concatenation of JPEGs (what {@code ffmpeg -f mjpeg} writes) into whole images by
 * walking the marker segments: segment lengths are honoured, so an EXIF thumbnail's own FFD8/FFD9
 * inside APP1 is skipped, and the end is the EOI found in entropy-coded data (where FF00 is a
 * stuffed byte and FFD0-FFD7 are restart markers). Bytes outside an image are counted as garbage
 * and skipped until the next SOI; a corrupt or oversize image is dropped whole, never emitted.
 * Owned by one thread (the connection's reader); not thread-safe.
 */
public final class JpegSplitter {
    private enum State {
        SEEK_FF,
        SEEK_SOI,
        MARKER_FF,
        MARKER_CODE,
        LENGTH_HIGH,
        LENGTH_LOW,
        SEGMENT,
        ENTROPY,
        ENTROPY_FF
    }

    private static final int SOS = 0xDA;
    private static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8};

    private final int maxFrameBytes;
    private byte[] frame = new byte[64 * 1024];
    private int frameLength;
    private State state = State.SEEK_FF;
    private int marker;
    private int segmentRemaining;

    /**
     * The image outgrew the limit: keep walking its structure to its EOI, buffering nothing, then
     * drop it.
     */
    private boolean discarding;

    private long garbageBytes;
    private long droppedImages;

    public JpegSplitter(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Bytes skipped because they were not inside an image. */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** Images dropped because they were corrupt or larger than the limit. */
    public long droppedImages() {
        return droppedImages;
    }

    /** True while part of an image is buffered (it is discarded if the input ends now). */
    public boolean inImage() {
        return state != State.SEEK_FF && state != State.SEEK_SOI;
    }

    /**
     * Consumes {@code length} bytes from {@code input}, handing each complete JPEG to {@code sink}.
     */
    public void feed(byte[] input, int offset, int length, Consumer<byte[]> sink) {
        int end = offset + length;
        int regionStart = inImage() ? offset : -1;
        int i = offset;
        while (i < end) {
            int b = input[i] & 0xFF;
            switch (state) {
                case SEEK_FF -> {
                    if (b == 0xFF) {
                        state = State.SEEK_SOI;
                    } else {
                        garbageBytes++;
                    }
                }
                case SEEK_SOI -> {
                    if (b == 0xD8) {
                        regionStart = startImage(i);
                    } else if (b != 0xFF) {
                        garbageBytes += 2;
                        state = State.SEEK_FF;
                    } else {
                        garbageBytes++;
                    }
                }
                case MARKER_FF -> {
                    if (b != 0xFF) {
                        regionStart = drop();
                        continue;
                    }
                    state = State.MARKER_CODE;
                }
                case MARKER_CODE -> regionStart = onMarker(b, input, regionStart, i, sink);
                case LENGTH_HIGH -> {
                    segmentRemaining = b << 8;
                    state = State.LENGTH_LOW;
                }
                case LENGTH_LOW -> {
                    segmentRemaining = (segmentRemaining | b) - 2;
                    if (segmentRemaining < 0) {
                        regionStart = drop();
                        continue;
                    }
                    state = segmentRemaining == 0 ? afterSegment() : State.SEGMENT;
                }
                case SEGMENT -> {
                    int take = Math.min(segmentRemaining, end - i);
                    segmentRemaining -= take;
                    i += take;
                    if (segmentRemaining == 0) {
                        state = afterSegment();
                    }
                    regionStart = checkSize(regionStart, i);
                    continue;
                }
                case ENTROPY -> {
                    if (b == 0xFF) {
                        state = State.ENTROPY_FF;
                    }
                }
                case ENTROPY_FF -> {
                    if (b == 0x00 || (b >= 0xD0 && b <= 0xD7)) {
                        state = State.ENTROPY;
                    } else {
                        regionStart = onMarker(b, input, regionStart, i, sink);
                    }
                }
            }
            i++;
            if (regionStart >= 0) {
                regionStart = checkSize(regionStart, i);
            }
        }
        if (regionStart >= 0 && inImage()) {
            append(input, regionStart, end - regionStart);
        }
    }

    /**
     * Handles the marker code at {@code input[at]} that followed an FF inside an image and returns
     * where the image's bytes in {@code input} now start (-1 once the image has been emitted).
     */
    private int onMarker(int code, byte[] input, int regionStart, int at, Consumer<byte[]> sink) {
        if (code == 0xFF) {
            return regionStart;
        }
        if (code == 0xD9) {
            return emit(input, regionStart, at + 1, sink);
        }
        if (code == 0xD8) {
            droppedImages++;
            return startImage(at);
        }
        if ((code >= 0xD0 && code <= 0xD7) || code == 0x01) {
            state = State.MARKER_FF;
        } else {
            marker = code;
            state = State.LENGTH_HIGH;
        }
        return regionStart;
    }

    /**
     * Starts a new image whose SOI code byte is {@code input[at]}; returns where its bytes
     * continue.
     */
    private int startImage(int at) {
        discarding = false;
        frameLength = 0;
        append(SOI, 0, SOI.length);
        state = State.MARKER_FF;
        return at + 1;
    }

    private State afterSegment() {
        return marker == SOS ? State.ENTROPY : State.MARKER_FF;
    }

    private int emit(byte[] input, int regionStart, int regionEnd, Consumer<byte[]> sink) {
        if (discarding || frameLength + (regionEnd - regionStart) > maxFrameBytes) {
            droppedImages++;
            discarding = false;
            frameLength = 0;
            state = State.SEEK_FF;
            return -1;
        }
        append(input, regionStart, regionEnd - regionStart);
        byte[] jpeg = Arrays.copyOf(frame, frameLength);
        frameLength = 0;
        state = State.SEEK_FF;
        sink.accept(jpeg);
        return -1;
    }

    /**
     * Drops the image being built; the caller examines the current byte again as possible garbage
     * or SOI.
     */
    private int drop() {
        droppedImages++;
        discarding = false;
        frameLength = 0;
        state = State.SEEK_FF;
        return -1;
    }

    /**
     * Past the limit the image is discarded whole: its bytes stop being buffered, and its EOI drops
     * it.
     */
    private int checkSize(int regionStart, int at) {
        if (regionStart >= 0 && frameLength + (at - regionStart) > maxFrameBytes) {
            discarding = true;
            frameLength = 0;
            return -1;
        }
        return regionStart;
    }

    private void append(byte[] input, int from, int count) {
        if (count <= 0) {
            return;
        }
        if (frameLength + count > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLength + count));
        }
        System.arraycopy(input, from, frame, frameLength, count);
        frameLength += count;
    }
}

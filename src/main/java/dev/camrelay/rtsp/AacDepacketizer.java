package dev.camrelay.rtsp;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Raw AAC frames from RTP {@code mpeg4-generic} (RFC 3640, AAC-hbr and AAC-lbr): the AU-header
 * section gives each frame's size; several frames may share a packet, one frame may span several
 * (same timestamp, marker on the last). A gap drops a frame being reassembled, counted. Frames come
 * out without ADTS headers, with the RTP timestamp of each (1024 samples apart). Owned by the
 * source's thread.
 */
public final class AacDepacketizer {
    private static final int SAMPLES_PER_FRAME = 1024;

    /** One raw AAC frame and its RTP timestamp (in the track's clock rate). */
    public record AacFrame(byte[] data, long timestamp) {}

    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private final int maxFrameBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private int partialSize = -1;
    private long partialTimestamp;
    private int expectedSequence = -1;
    private long gaps;
    private long malformed;

    public AacDepacketizer(
            int sizeLength, int indexLength, int indexDeltaLength, int maxFrameBytes) {
        if (sizeLength < 1
                || sizeLength > 16
                || indexLength < 0
                || indexLength > 8
                || indexDeltaLength < 0
                || indexDeltaLength > 8) {
            throw new IllegalArgumentException("unsupported AU-header layout");
        }
        this.sizeLength = sizeLength;
        this.indexLength = indexLength;
        this.indexDeltaLength = indexDeltaLength;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** From an SDP media section's fmtp (sizelength, indexlength, indexdeltalength). */
    public static AacDepacketizer of(SdpMedia media, int maxFrameBytes) {
        try {
            return new AacDepacketizer(
                    Integer.parseInt(media.fmtp("sizelength")),
                    parse(media.fmtp("indexlength")),
                    parse(media.fmtp("indexdeltalength")),
                    maxFrameBytes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mpeg4-generic without a sizelength");
        }
    }

    private static int parse(String value) {
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    public void accept(RtpPacket p, Consumer<AacFrame> out) {
        boolean gap = expectedSequence >= 0 && p.sequence() != expectedSequence;
        expectedSequence = (p.sequence() + 1) & 0xFFFF;
        if (gap) {
            gaps++;
            partialSize = -1;
        }
        if (p.payloadLength() < 2) {
            malformed++;
            return;
        }
        int headerBits = (p.payloadByte(0) << 8) | p.payloadByte(1);
        int dataAt = 2 + (headerBits + 7) / 8;
        if (dataAt > p.payloadLength()) {
            malformed++;
            partialSize = -1;
            return;
        }
        int available = p.payloadLength() - dataAt;
        if (partialSize >= 0) {
            continueFragment(p, dataAt, available, out);
            return;
        }
        int bit = 16;
        int frames = 0;
        int at = dataAt;
        while (bit - 16 + sizeLength + (frames == 0 ? indexLength : indexDeltaLength)
                <= headerBits) {
            int size = bits(p, bit, sizeLength);
            bit += sizeLength + (frames == 0 ? indexLength : indexDeltaLength);
            long timestamp = p.timestamp() + (long) frames * SAMPLES_PER_FRAME;
            if (size > maxFrameBytes) {
                malformed++;
                return;
            }
            if (frames == 0 && bit - 16 >= headerBits && size > available) {
                // one frame larger than this packet: its fragments follow with the same timestamp
                partial.reset();
                partial.write(p.data(), p.payloadOffset() + at, available);
                partialSize = size;
                partialTimestamp = timestamp;
                return;
            }
            if (at + size > p.payloadLength()) {
                malformed++;
                return;
            }
            byte[] frame = new byte[size];
            System.arraycopy(p.data(), p.payloadOffset() + at, frame, 0, size);
            out.accept(new AacFrame(frame, timestamp));
            at += size;
            frames++;
        }
    }

    private void continueFragment(RtpPacket p, int dataAt, int available, Consumer<AacFrame> out) {
        if (p.timestamp() != partialTimestamp || partial.size() + available > partialSize) {
            malformed++;
            partialSize = -1;
            return;
        }
        partial.write(p.data(), p.payloadOffset() + dataAt, available);
        if (partial.size() == partialSize) {
            partialSize = -1;
            out.accept(new AacFrame(partial.toByteArray(), partialTimestamp));
        } else if (p.marker()) {
            malformed++;
            partialSize = -1;
        }
    }

    private static int bits(RtpPacket p, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = (value << 1) | ((p.payloadByte(i / 8) >> (7 - i % 8)) & 1);
        }
        return value;
    }

    public long gaps() {
        return gaps;
    }

    public long malformed() {
        return malformed;
    }
}

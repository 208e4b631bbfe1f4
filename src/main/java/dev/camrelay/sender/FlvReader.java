package dev.camrelay.sender;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads H.264 pictures out of an FLV byte stream ({@code ffmpeg ... -c:v libx264 -f flv -}): one
 * Annex B picture per AVC video tag, returned as soon as the tag's last byte is read, because the
 * tag header says how long the picture is. The parameter sets of the decoder configuration record
 * are put in front of every keyframe that lacks them; audio and script tags are skipped. A tag
 * larger than the frame limit is an error, never an allocation. Owned by one thread.
 */
final class FlvReader {
    private static final int HEADER_BYTES = 9;
    private static final int MAX_HEADER_BYTES = 1024;
    private static final int TAG_HEADER_BYTES = 11;
    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;
    private static final int TAG_SCRIPT = 18;
    private static final int CODEC_AVC = 7;
    private static final int FRAME_TYPE_KEY = 1;
    private static final int AVC_CONFIG = 0;
    private static final int AVC_NALUS = 1;
    private static final int VIDEO_PREFIX_BYTES = 5;
    private static final int NAL_SPS = 7;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final InputStream input;
    private final int maxFrameBytes;
    private boolean headerRead;
    private long previousTagBytes;
    private byte[] parameterSets = new byte[0];
    private int lengthBytes = 4;

    FlvReader(InputStream input, int maxFrameBytes) {
        this.input = input;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The next picture in Annex B form, or null at the end of the input. */
    byte[] next() throws IOException {
        if (!headerRead) {
            readHeader();
            headerRead = true;
        }
        while (true) {
            byte[] sizeField = input.readNBytes(4);
            if (sizeField.length == 0) {
                return null;
            }
            if (sizeField.length < 4 || uint(sizeField, 0, 4) != previousTagBytes) {
                throw new IOException("FLV stream is out of step (bad PreviousTagSize)");
            }
            byte[] header = input.readNBytes(TAG_HEADER_BYTES);
            if (header.length == 0) {
                return null;
            }
            if (header.length < TAG_HEADER_BYTES) {
                throw new EOFException("FLV stream ends inside a tag header");
            }
            int type = header[0] & 0x1f;
            int dataBytes = (int) uint(header, 1, 3);
            if (dataBytes > maxFrameBytes) {
                throw new IOException(
                        "FLV tag of "
                                + dataBytes
                                + " bytes is over the frame limit of "
                                + maxFrameBytes);
            }
            previousTagBytes = TAG_HEADER_BYTES + dataBytes;
            if (type != TAG_VIDEO || (header[0] & 0x20) != 0) {
                if (type != TAG_AUDIO && type != TAG_SCRIPT) {
                    throw new IOException("FLV tag of unknown type " + type);
                }
                input.skipNBytes(dataBytes);
                continue;
            }
            byte[] picture = videoTag(readFully(dataBytes));
            if (picture != null) {
                return picture;
            }
        }
    }

    void close() throws IOException {
        input.close();
    }

    private void readHeader() throws IOException {
        byte[] header = readFully(HEADER_BYTES);
        if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V') {
            throw new IOException("input is not FLV (no FLV signature)");
        }
        long dataOffset = uint(header, 5, 4);
        if (dataOffset < HEADER_BYTES || dataOffset > MAX_HEADER_BYTES) {
            throw new IOException("FLV header size " + dataOffset + " is not plausible");
        }
        input.skipNBytes(dataOffset - HEADER_BYTES);
    }

    /** The tag's picture, or null for a tag that carries none (configuration, end of sequence). */
    private byte[] videoTag(byte[] data) throws IOException {
        if (data.length < VIDEO_PREFIX_BYTES) {
            throw new IOException("FLV video tag of " + data.length + " bytes is too short");
        }
        int codec = data[0] & 0x0f;
        if ((data[0] & 0x80) != 0 || codec != CODEC_AVC) {
            throw new IOException("FLV video is not H.264 (codec " + codec + "); use -c:v libx264");
        }
        int packetType = data[1];
        if (packetType == AVC_CONFIG) {
            readConfiguration(data, VIDEO_PREFIX_BYTES);
            return null;
        }
        if (packetType != AVC_NALUS) {
            return null;
        }
        boolean keyframe = (data[0] & 0xf0) >> 4 == FRAME_TYPE_KEY;
        return annexB(data, VIDEO_PREFIX_BYTES, keyframe);
    }

    /** Keeps the SPS and PPS of an AVCDecoderConfigurationRecord, and its NAL length size. */
    private void readConfiguration(byte[] data, int start) throws IOException {
        ByteArrayOutputStream sets = new ByteArrayOutputStream();
        int at = start + 4;
        need(data, at, 2);
        lengthBytes = (data[at] & 0x03) + 1;
        int count = data[at + 1] & 0x1f;
        at += 2;
        for (int list = 0; list < 2; list++) {
            for (int i = 0; i < count; i++) {
                need(data, at, 2);
                int length = (int) uint(data, at, 2);
                need(data, at + 2, length);
                sets.write(START_CODE);
                sets.write(data, at + 2, length);
                at += 2 + length;
            }
            if (list == 0) {
                need(data, at, 1);
                count = data[at] & 0xff;
                at++;
            }
        }
        parameterSets = sets.toByteArray();
    }

    /** The tag's NAL units behind start codes, or null when it holds none. */
    private byte[] annexB(byte[] data, int start, boolean keyframe) throws IOException {
        ByteArrayOutputStream picture = new ByteArrayOutputStream(data.length + 64);
        boolean hasSps = false;
        for (int at = start; at < data.length; ) {
            need(data, at, lengthBytes);
            int length = (int) uint(data, at, lengthBytes);
            at += lengthBytes;
            need(data, at, length);
            if (length > 0) {
                hasSps |= (data[at] & 0x1f) == NAL_SPS;
                picture.write(START_CODE);
                picture.write(data, at, length);
            }
            at += length;
        }
        byte[] nals = picture.toByteArray();
        if (nals.length == 0) {
            return null;
        }
        if (!keyframe || hasSps || parameterSets.length == 0) {
            return checked(nals);
        }
        byte[] whole = new byte[parameterSets.length + nals.length];
        System.arraycopy(parameterSets, 0, whole, 0, parameterSets.length);
        System.arraycopy(nals, 0, whole, parameterSets.length, nals.length);
        return checked(whole);
    }

    private byte[] checked(byte[] picture) throws IOException {
        if (picture.length > maxFrameBytes) {
            throw new IOException("FLV picture is over the frame limit of " + maxFrameBytes);
        }
        return picture;
    }

    private byte[] readFully(int count) throws IOException {
        byte[] bytes = input.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("FLV stream ends inside a tag");
        }
        return bytes;
    }

    private static void need(byte[] data, int at, int count) throws IOException {
        if (count < 0 || at + count > data.length) {
            throw new IOException("FLV AVC data is cut short");
        }
    }

    private static long uint(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (bytes[at + i] & 0xff);
        }
        return value;
    }
}

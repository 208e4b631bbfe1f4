package dev.camrelay.ingest;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Recognises and parses a camera's handshake from the first bytes of its connection: the text line
 * {@code STREAM <name> <format> [quality=low|high] [framing=raw|length] [token=...]} when the bytes
 * start with {@code "STREAM "}, else the legacy binary header of three little-endian int32 (stream
 * number, type, quality). Stateless: it looks at everything received so far each time.
 */
final class HandshakeReader {
    static final int MAX_LINE_BYTES = 1024;
    static final int LEGACY_HEADER_BYTES = 12;
    static final int MAX_LEGACY_STREAM_NUMBER = 65_535;
    private static final byte[] TEXT_PREFIX = "STREAM ".getBytes(StandardCharsets.US_ASCII);

    private final Set<Format> supported;

    HandshakeReader(Set<Format> supported) {
        this.supported = supported;
    }

    /**
     * Reads a handshake from {@code in} (read mode). Returns null when more bytes are needed and
     * leaves {@code in} untouched; on success consumes exactly the handshake's bytes.
     */
    Handshake read(ByteBuffer in) throws IngestException {
        boolean text = startsLikeText(in);
        if (text && in.remaining() < TEXT_PREFIX.length) {
            return null;
        }
        return text ? readLine(in) : readLegacy(in);
    }

    /**
     * True when the bytes so far (possibly fewer than its length) agree with the text prefix {@code
     * "STREAM "}.
     */
    static boolean startsLikeText(ByteBuffer in) {
        int compared = Math.min(in.remaining(), TEXT_PREFIX.length);
        for (int i = 0; i < compared; i++) {
            if (in.get(in.position() + i) != TEXT_PREFIX[i]) {
                return false;
            }
        }
        return compared > 0;
    }

    private Handshake readLegacy(ByteBuffer in) throws IngestException {
        if (in.remaining() < LEGACY_HEADER_BYTES) {
            return null;
        }
        ByteBuffer header =
                in.slice(in.position(), LEGACY_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int number = header.getInt();
        int type = header.getInt();
        int quality = header.getInt();
        if (number < 0 || number > MAX_LEGACY_STREAM_NUMBER) {
            throw new IngestException(
                    RejectReason.BAD_STREAM_NUMBER,
                    "legacy stream number " + number + " outside 0.." + MAX_LEGACY_STREAM_NUMBER);
        }
        Format format =
                Format.fromLegacyType(type)
                        .filter(Format::pushable)
                        .orElseThrow(
                                () ->
                                        new IngestException(
                                                RejectReason.BAD_TYPE,
                                                "legacy type "
                                                        + type
                                                        + " is not 0 (MJPEG), 1 (H.264) or 2 (MPEG-TS)"));
        Quality q =
                Quality.fromLegacy(quality)
                        .orElseThrow(
                                () ->
                                        new IngestException(
                                                RejectReason.BAD_QUALITY,
                                                "legacy quality "
                                                        + quality
                                                        + " is not 0 (low) or 1 (high)"));
        requireSupported(format);
        in.position(in.position() + LEGACY_HEADER_BYTES);
        return new Handshake(new StreamKey("stream" + number, q), format, Framing.LENGTH, true);
    }

    private Handshake readLine(ByteBuffer in) throws IngestException {
        int limit = Math.min(in.remaining(), MAX_LINE_BYTES + 1);
        int newline = -1;
        for (int i = 0; i < limit; i++) {
            if (in.get(in.position() + i) == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            if (in.remaining() > MAX_LINE_BYTES) {
                throw new IngestException(
                        RejectReason.LINE_TOO_LONG,
                        "handshake line longer than " + MAX_LINE_BYTES + " bytes");
            }
            return null;
        }
        byte[] raw = new byte[newline];
        in.get(raw);
        in.get();
        String line = new String(raw, StandardCharsets.US_ASCII).strip();
        return parseLine(line);
    }

    private Handshake parseLine(String line) throws IngestException {
        String[] words = line.split(" +");
        if (words.length < 3) {
            throw new IngestException(
                    RejectReason.BAD_REQUEST,
                    "expected STREAM <name> <mjpeg|h264|ts> [quality=low|high] [framing=raw|length]");
        }
        String name = words[1];
        if (!StreamKey.isValidName(name)) {
            throw new IngestException(
                    RejectReason.BAD_NAME, "stream names are 1-64 of A-Z a-z 0-9 _ -");
        }
        Format format =
                Format.fromWireName(words[2])
                        .filter(Format::pushable)
                        .orElseThrow(
                                () ->
                                        new IngestException(
                                                RejectReason.BAD_REQUEST,
                                                "unknown format '"
                                                        + words[2]
                                                        + "' (mjpeg, h264 or ts)"));
        Quality quality = Quality.HIGH;
        Framing framing = Framing.LENGTH;
        String token = null;
        for (int i = 3; i < words.length; i++) {
            String option = words[i];
            if (option.startsWith("quality=")) {
                quality =
                        Quality.fromWireName(option.substring(8))
                                .orElseThrow(
                                        () ->
                                                new IngestException(
                                                        RejectReason.BAD_QUALITY,
                                                        "quality must be low or high"));
            } else if (option.equals("framing=raw")) {
                framing = Framing.RAW;
            } else if (option.equals("framing=length")) {
                framing = Framing.LENGTH;
            } else if (option.startsWith("token=") && option.length() > 6) {
                token = option.substring(6);
            } else {
                throw new IngestException(
                        RejectReason.BAD_REQUEST, "unknown option '" + option + "'");
            }
        }
        requireSupported(format);
        return new Handshake(new StreamKey(name, quality), format, framing, false, token);
    }

    private void requireSupported(Format format) throws IngestException {
        if (!supported.contains(format)) {
            throw new IngestException(
                    RejectReason.UNSUPPORTED_FORMAT,
                    format.wireName() + " ingest is not supported yet");
        }
    }
}

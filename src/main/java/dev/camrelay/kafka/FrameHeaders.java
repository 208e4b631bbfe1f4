package dev.camrelay.kafka;

import dev.camrelay.media.Format;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a frame record, as short ASCII values so any client can read them: format ({@code
 * mjpeg|h264|ts}), keyframe ({@code 1|0}), ingest time (epoch microseconds at the ingesting node)
 * and the stream's sequence number. Records from other producers have none: readers must not need
 * them.
 */
final class FrameHeaders {
    static final String FORMAT = "format";
    static final String KEYFRAME = "keyframe";
    static final String INGEST_MICROS = "ingest_us";
    static final String SEQUENCE = "sequence";

    private FrameHeaders() {}

    static Headers of(Format format, boolean keyframe, long ingestMicros, long sequence) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FORMAT, ascii(format.wireName()));
        headers.add(KEYFRAME, ascii(keyframe ? "1" : "0"));
        headers.add(INGEST_MICROS, ascii(Long.toString(ingestMicros)));
        headers.add(SEQUENCE, ascii(Long.toString(sequence)));
        return headers;
    }

    /**
     * True when the record says it is a keyframe; records without the header are judged by the
     * caller.
     */
    static boolean keyframe(Headers headers) {
        Header header = headers.lastHeader(KEYFRAME);
        return header != null
                && header.value() != null
                && header.value().length == 1
                && header.value()[0] == '1';
    }

    static boolean fromRelay(Headers headers) {
        return headers.lastHeader(KEYFRAME) != null && headers.lastHeader(FORMAT) != null;
    }

    /** The ingest time in epoch microseconds, or -1 when absent or unreadable. */
    static long ingestMicros(Headers headers) {
        return number(headers, INGEST_MICROS);
    }

    /** The camera's frame sequence number, or -1 when absent or unreadable. */
    static long sequence(Headers headers) {
        return number(headers, SEQUENCE);
    }

    private static long number(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        if (header == null || header.value() == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}

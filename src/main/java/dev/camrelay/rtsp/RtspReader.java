package dev.camrelay.rtsp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads RTSP messages and interleaved frames from a blocking stream. Every part is bounded before
 * anything is allocated: the header block, the number of headers, the body, the frame. Owned by the
 * source's thread.
 */
final class RtspReader {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final DataInputStream in;
    private final int maxFrameBytes;

    RtspReader(InputStream in, int maxFrameBytes) {
        this.in = new DataInputStream(in);
        this.maxFrameBytes = maxFrameBytes;
    }

    RtspMessage next() throws IOException {
        int first = in.readUnsignedByte();
        if (first == '$') {
            int channel = in.readUnsignedByte();
            int length = in.readUnsignedShort();
            if (length > maxFrameBytes) {
                throw new RtspProtocolException(
                        "interleaved frame of " + length + " bytes exceeds " + maxFrameBytes);
            }
            byte[] data = new byte[length];
            in.readFully(data);
            return new RtspMessage.Interleaved(channel, data);
        }
        if (first != 'R' && !Character.isLetter(first)) {
            throw new RtspProtocolException(
                    "garbage byte 0x" + Integer.toHexString(first) + " where a message begins");
        }
        int[] budget = {MAX_HEADER_BYTES - 1};
        String startLine = (char) first + line(budget);
        Map<String, List<String>> headers = new HashMap<>();
        int count = 0;
        for (String line = line(budget); !line.isEmpty(); line = line(budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || ++count > MAX_HEADERS) {
                throw new RtspProtocolException(
                        colon <= 0
                                ? "malformed header line"
                                : "more than " + MAX_HEADERS + " headers");
            }
            headers.computeIfAbsent(
                            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body = body(headers);
        if (!startLine.startsWith("RTSP/1.")) {
            return new RtspMessage.Response(0, startLine, headers, body);
        }
        String[] parts = startLine.split(" ", 3);
        try {
            int status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
            if (status < 100 || status > 999) {
                throw new NumberFormatException();
            }
            return new RtspMessage.Response(
                    status, parts.length > 2 ? parts[2] : "", headers, body);
        } catch (NumberFormatException e) {
            throw new RtspProtocolException("malformed status line");
        }
    }

    private byte[] body(Map<String, List<String>> headers) throws IOException {
        List<String> lengths = headers.getOrDefault("content-length", List.of());
        if (lengths.isEmpty()) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(lengths.get(0));
        } catch (NumberFormatException e) {
            throw new RtspProtocolException("malformed Content-Length");
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new RtspProtocolException(
                    "body of " + length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        return body;
    }

    /** One line without its CR LF, taken from {@code budget[0]} bytes at most. */
    private String line(int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (budget[0]-- <= 0) {
                throw new RtspProtocolException(
                        "header block exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a message header");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r'
                        ? line.substring(0, end - 1)
                        : line.toString();
            }
            line.append((char) b);
        }
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}

package dev.camrelay.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One MJPEG viewer: an HTTP/1.0 GET (so no chunked encoding), then a multipart parser. Driven by
 * a {@link ViewerReader}; only the first bytes of each part are kept, as that is where the tag is.
 */
final class MjpegViewer extends SocketViewer {

    private final byte[] hdr = new byte[2048]; private int hdrLen;
    private final byte[] head = new byte[64]; private int headLen;
    private long remaining = -1, bodyLen; // -1: in headers

    MjpegViewer(int stream, Measurement m) { super(stream, m); }

    @Override byte[] request(String hostPort) {
        return ("GET /mjpeg/bench" + stream + " HTTP/1.0\r\nHost: " + hostPort + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override void onData(ByteBuffer b, long now) {
        while (b.hasRemaining()) {
            if (remaining < 0) {
                byte c = b.get();
                if (hdrLen < hdr.length) hdr[hdrLen++] = c; else hdrLen = 0;
                if (c == '\n' && hdrLen >= 4 && hdr[hdrLen - 2] == '\r' && hdr[hdrLen - 3] == '\n' && hdr[hdrLen - 4] == '\r') {
                    String h = new String(hdr, 0, hdrLen, StandardCharsets.ISO_8859_1);
                    hdrLen = 0;
                    if (h.startsWith("HTTP/")) { ok = h.startsWith("HTTP/1.1 200") || h.startsWith("HTTP/1.0 200"); continue; }
                    int i = h.toLowerCase(Locale.ROOT).indexOf("content-length:");
                    if (i < 0) continue;
                    int e = h.indexOf('\r', i);
                    bodyLen = remaining = Long.parseLong(h.substring(i + 15, e).trim());
                    headLen = 0;
                }
            } else {
                int n = (int) Math.min(remaining, b.remaining());
                int p = b.position();
                while (headLen < head.length && p < b.position() + n) head[headLen++] = b.get(p++);
                b.position(b.position() + n);
                remaining -= n;
                if (remaining == 0) {
                    remaining = -1;
                    frameDone(head, headLen, now, bodyLen);
                }
            }
        }
    }
}

package dev.camrelay.bench;

import dev.camrelay.media.Multipart;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One MJPEG viewer: an HTTP/1.0 GET (so no chunked encoding), then a multipart parser that finds a
 * part's end by the delimiter after its JPEG, as the relay's parts carry no Content-Length. Driven
 * by a {@link ViewerReader}; only the first bytes of each part are kept, as that is where the tag
 * is.
 */
final class MjpegViewer extends SocketViewer {
    private static final byte[] DELIMITER =
            ("\r\n--" + Multipart.BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final byte[] hdr = new byte[2048];
    private int hdrLen;
    private final byte[] head = new byte[64];
    private int headLen;
    private boolean inBody;
    private long bodyLen;

    /** How many bytes of {@link #DELIMITER} the body's last bytes match. */
    private int matched;

    MjpegViewer(int stream, Measurement m) {
        super(stream, m);
    }

    @Override
    byte[] request(String hostPort) {
        return ("GET /mjpeg/bench" + stream + " HTTP/1.0\r\nHost: " + hostPort + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void onData(ByteBuffer b, long now) {
        while (b.hasRemaining()) {
            byte c = b.get();
            if (!inBody) {
                if (hdrLen < hdr.length) hdr[hdrLen++] = c;
                else hdrLen = 0;
                if (c == '\n'
                        && hdrLen >= 4
                        && hdr[hdrLen - 2] == '\r'
                        && hdr[hdrLen - 3] == '\n'
                        && hdr[hdrLen - 4] == '\r') {
                    String h = new String(hdr, 0, hdrLen, StandardCharsets.ISO_8859_1);
                    hdrLen = 0;
                    if (h.startsWith("HTTP/")) {
                        ok = h.startsWith("HTTP/1.1 200") || h.startsWith("HTTP/1.0 200");
                        continue;
                    }
                    inBody = h.toLowerCase(Locale.ROOT).contains("content-type: image/jpeg");
                    bodyLen = 0;
                    headLen = 0;
                    matched = 0;
                }
                continue;
            }
            bodyLen++;
            if (headLen < head.length) head[headLen++] = c;
            // the delimiter's only proper prefix that recurs in it is its first byte, CR
            matched = c == DELIMITER[matched] ? matched + 1 : c == DELIMITER[0] ? 1 : 0;
            if (matched == DELIMITER.length) {
                inBody = false;
                frameDone(
                        head,
                        Math.min(headLen, (int) (bodyLen - DELIMITER.length)),
                        now,
                        bodyLen - DELIMITER.length);
            }
        }
    }
}

package dev.camrelay.media;

import java.nio.charset.StandardCharsets;

/**
 * The {@code multipart/x-mixed-replace} framing for MJPEG over HTTP (RFC 2046 §5.1.1). The body
 * starts with a delimiter and the first part's headers; each part is then its JPEG followed at once
 * by the next part's delimiter and headers. Browsers paint part N only once they have parsed the
 * start of part N+1 (Chromium waits for its whole header block), so nothing of that may wait for
 * the next JPEG: a part's headers are what is known before its JPEG exists, its Content-Type and no
 * Content-Length. Clients find a part's end by its delimiter, as RFC 2046 has them do.
 */
public final class Multipart {
    public static final String BOUNDARY = "camrelay-frame";
    public static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    private static final String PART_HEADERS =
            "--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\n\r\n";
    private static final byte[] PREAMBLE = PART_HEADERS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER =
            ("\r\n" + PART_HEADERS).getBytes(StandardCharsets.US_ASCII);

    private Multipart() {}

    /** The start of the response body: the first delimiter and the first part's headers. */
    public static byte[] preamble() {
        return PREAMBLE.clone();
    }

    /** What follows a part's JPEG: the delimiter that ends it and the next part's headers. */
    public static byte[] trailer() {
        return TRAILER.clone();
    }

    /** A part as written after the preamble or the previous part: the JPEG and its trailer. */
    static byte[] part(byte[] jpeg) {
        byte[] part = new byte[jpeg.length + TRAILER.length];
        System.arraycopy(jpeg, 0, part, 0, jpeg.length);
        System.arraycopy(TRAILER, 0, part, jpeg.length, TRAILER.length);
        return part;
    }
}

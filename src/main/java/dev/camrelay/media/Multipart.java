package dev.camrelay.media;

import java.nio.charset.StandardCharsets;

/**
 * The {@code multipart/x-mixed-replace} framing for MJPEG over HTTP (RFC 2046 §5.1.1). The body
 * starts with a delimiter; each part is its headers, the JPEG, and the next delimiter. Sending
 * the delimiter right after the JPEG matters: browsers paint part N only once they see where it
 * ends, so a delimiter held back until the next frame would cost a whole frame of latency.
 */
public final class Multipart {
    public static final String BOUNDARY = "camrelay-frame";
    public static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    private static final byte[] PREAMBLE = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER = ("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private Multipart() {
    }

    /** The first delimiter of the response body. */
    public static byte[] preamble() {
        return PREAMBLE.clone();
    }

    /** A part's headers, for a JPEG of {@code jpegLength} bytes. */
    public static byte[] partHeaders(int jpegLength) {
        return ("Content-Type: image/jpeg\r\nContent-Length: " + jpegLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** What follows a part's JPEG: the delimiter that ends it. */
    public static byte[] trailer() {
        return TRAILER.clone();
    }

    static byte[] part(byte[] jpeg) {
        byte[] headers = partHeaders(jpeg.length);
        byte[] part = new byte[headers.length + jpeg.length + TRAILER.length];
        System.arraycopy(headers, 0, part, 0, headers.length);
        System.arraycopy(jpeg, 0, part, headers.length, jpeg.length);
        System.arraycopy(TRAILER, 0, part, headers.length + jpeg.length, TRAILER.length);
        return part;
    }
}

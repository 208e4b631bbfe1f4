package dev.camrelay.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The far side of an MJPEG response: a raw-socket HTTP/1.1 client that parses {@code
 * multipart/x-mixed-replace} by hand, strictly (boundary lines, part headers, each part one whole
 * JPEG), so a framing mistake by the server fails the test.
 */
public final class MjpegReader implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final int status;
    private String boundary;

    private MjpegReader(Socket socket, String path) throws IOException {
        this(socket, path, raw -> raw);
    }

    private MjpegReader(
            Socket socket, String path, java.util.function.UnaryOperator<InputStream> link)
            throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write(
                        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        in = new BufferedInputStream(link.apply(socket.getInputStream()), 8192);
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(
                    header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).trim());
        }
    }

    public static MjpegReader open(int port, String path) throws IOException {
        return new MjpegReader(new Socket("127.0.0.1", port), path);
    }

    /** Opens with a tiny receive buffer, for a client that will stop reading. */
    public static MjpegReader openSmallBuffer(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        return new MjpegReader(socket, path);
    }

    /** Opens a reader that reads at the throttle's rate: a viewer on a slow link. */
    public static MjpegReader openThrottled(int port, String path, Throttle throttle)
            throws IOException {
        Socket socket = new Socket();
        // room for a couple of low pictures: once unthrottled, the reader's scheduling on a busy
        // box must not hold the link back
        socket.setReceiveBufferSize(65536);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        return new MjpegReader(socket, path, throttle::wrap);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads the next part's JPEG: its headers (Content-Type image/jpeg, no Content-Length, which is
     * not known when the relay writes them), then bytes up to the delimiter that ends the part,
     * which must be a whole JPEG. The body is chunked, which this reader undoes on the fly.
     */
    public byte[] nextJpeg() throws IOException {
        if (boundary == null) {
            String contentType = header("content-type");
            boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
            expect(boundary);
        }
        String partHeader;
        String type = null;
        while (!(partHeader = bodyLine()).isEmpty()) {
            String lower = partHeader.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                throw new IOException(
                        "a Content-Length the relay cannot know when it writes the headers: "
                                + partHeader);
            } else if (lower.startsWith("content-type:")) {
                type = partHeader.substring(13).trim();
            }
        }
        if (!"image/jpeg".equals(type)) {
            throw new IOException("bad part headers: type=" + type);
        }
        byte[] jpeg = bodyUntil(("\r\n" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        int n = jpeg.length;
        if (n < 4
                || (jpeg[0] & 0xFF) != 0xFF
                || (jpeg[1] & 0xFF) != 0xD8
                || (jpeg[n - 2] & 0xFF) != 0xFF
                || (jpeg[n - 1] & 0xFF) != 0xD9) {
            throw new IOException("a part that is not one whole JPEG: " + n + " bytes");
        }
        return jpeg;
    }

    /**
     * Reads parts until one differs from {@code previous}: while a camera is silent the relay
     * repeats its latest JPEG as a keep-alive, so a reader in lock-step with the camera may see the
     * previous frame again first.
     */
    public byte[] nextJpegAfter(byte[] previous) throws IOException {
        byte[] jpeg = nextJpeg();
        while (Arrays.equals(jpeg, previous)) {
            jpeg = nextJpeg();
        }
        return jpeg;
    }

    private void expect(String line) throws IOException {
        String actual = bodyLine();
        if (!actual.equals(line)) {
            throw new IOException("expected '" + line + "' but got '" + actual + "'");
        }
    }

    // --- chunked transfer decoding of the body ---
    private int chunkRemaining;

    private int bodyByte() throws IOException {
        if (!"chunked".equalsIgnoreCase(header("transfer-encoding"))) {
            return in.read();
        }
        if (chunkRemaining == 0) {
            String size = line();
            if (size.isEmpty()) {
                size = line();
            }
            chunkRemaining = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (chunkRemaining == 0) {
                return -1;
            }
        }
        int b = in.read();
        if (--chunkRemaining == 0) {
            line();
        }
        return b;
    }

    private String bodyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = bodyByte()) != -1) {
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b == -1) {
            throw new IOException("end of stream");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        if (!s.endsWith("\r")) {
            throw new IOException("line without CRLF: '" + s + "'");
        }
        return s.substring(0, s.length() - 1);
    }

    /** The body bytes before {@code delimiter}, which is consumed. */
    private byte[] bodyUntil(byte[] delimiter) throws IOException {
        byte[] out = new byte[64 * 1024];
        int n = 0;
        while (true) {
            int b = bodyByte();
            if (b == -1) {
                throw new IOException("end of stream inside a part");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, 2 * n);
            }
            out[n++] = (byte) b;
            if (n >= delimiter.length
                    && Arrays.equals(
                            out, n - delimiter.length, n, delimiter, 0, delimiter.length)) {
                return Arrays.copyOf(out, n - delimiter.length);
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("end of stream");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * True when the server ends this response within the timeout: the last chunk of a completed
     * response (the connection itself may stay open for keep-alive), EOF, or a reset.
     */
    public boolean endedByServer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (bodyByte() != -1) {
                // drain whatever was still in flight
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

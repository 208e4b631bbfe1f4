package dev.camrelay.rtsp;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One TCP connection to a camera: requests with CSeq, Session and Authorization, responses and
 * interleaved frames. A 401 is answered once per request with the challenge's scheme. Owned by the
 * source's thread; {@link #close} may come from any thread and ends a blocked read.
 */
final class RtspConnection implements Closeable {
    static final String USER_AGENT = "camrelay";

    /** Frames or other messages a server may send before answering a request. */
    static final int MAX_MESSAGES_BEFORE_RESPONSE = 1000;

    private final Socket socket = new Socket();

    /** Guards writes: the source's thread writes, and close() may send TEARDOWN meanwhile. */
    private final Object writeLock = new Object();

    private final Authenticator authenticator;
    private RtspReader reader;
    private BufferedInputStream in;
    private OutputStream out;
    private int cseq;
    private volatile String session;

    RtspConnection(Credentials credentials) {
        this.authenticator = new Authenticator(credentials);
    }

    /** Connects; reads then time out after {@code idle} without a byte. */
    void connect(RtspUrl url, Duration connectTimeout, Duration idle, int maxFrameBytes)
            throws IOException {
        socket.connect(
                new InetSocketAddress(url.host(), url.port()), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) Math.max(1, idle.toMillis()));
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        reader = new RtspReader(in, maxFrameBytes);
        out = socket.getOutputStream();
    }

    /**
     * Sends a request and waits for its response, answering one authentication challenge.
     * Interleaved frames that arrive meanwhile are dropped (none flow before PLAY).
     */
    RtspMessage.Response request(String method, String url, Map<String, String> headers)
            throws IOException {
        RtspMessage.Response response = exchange(method, url, headers);
        if (response.status() == 401) {
            if (!authenticator.challenge(response.all("WWW-Authenticate"))) {
                throw new UnauthorizedException(
                        method + " needs credentials the URL does not give");
            }
            response = exchange(method, url, headers);
            if (response.status() == 401) {
                throw new UnauthorizedException(method + " refused the credentials (401)");
            }
        }
        return response;
    }

    /** Sends a request without waiting: its response comes back among the frames. */
    void send(String method, String url) throws IOException {
        write(method, url, Map.of());
    }

    /** Sends TEARDOWN if the connection is still open; failures are of no interest when leaving. */
    void teardown(String url) {
        try {
            write("TEARDOWN", url, Map.of());
        } catch (IOException | RuntimeException e) {
            // the camera ends the session at its timeout anyway
        }
    }

    void sendInterleaved(int channel, byte[] data) throws IOException {
        byte[] frame = new byte[4 + data.length];
        frame[0] = '$';
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        synchronized (writeLock) {
            out.write(frame);
            out.flush();
        }
    }

    RtspMessage next() throws IOException {
        return reader.next();
    }

    /** True when bytes from the camera wait to be read, so {@link #next} would not wait long. */
    boolean readable() throws IOException {
        return in.available() > 0;
    }

    /** The camera's address, where its RTP over UDP comes from. */
    InetAddress remoteAddress() {
        return socket.getInetAddress();
    }

    void session(String id) {
        session = id;
    }

    private RtspMessage.Response exchange(String method, String url, Map<String, String> headers)
            throws IOException {
        int sent = write(method, url, headers);
        for (int skipped = 0; skipped < MAX_MESSAGES_BEFORE_RESPONSE; skipped++) {
            RtspMessage message = reader.next();
            if (message instanceof RtspMessage.Response response && !response.isRequest()) {
                String echoed = response.header("CSeq").orElse("");
                if (echoed.isEmpty() || echoed.equals(Integer.toString(sent))) {
                    return response;
                }
            }
        }
        throw new RtspProtocolException(
                "no answer to " + method + " among " + MAX_MESSAGES_BEFORE_RESPONSE + " messages");
    }

    private int write(String method, String url, Map<String, String> headers) throws IOException {
        synchronized (writeLock) {
            return writeLocked(method, url, headers);
        }
    }

    private int writeLocked(String method, String url, Map<String, String> headers)
            throws IOException {
        StringBuilder request =
                new StringBuilder(method).append(' ').append(url).append(" RTSP/1.0\r\n");
        request.append("CSeq: ").append(++cseq).append("\r\n");
        request.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        authenticator
                .authorization(method, url)
                .ifPresent(a -> request.append("Authorization: ").append(a).append("\r\n"));
        if (session != null) {
            request.append("Session: ").append(session).append("\r\n");
        }
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return cseq;
    }

    /** The session id and the timeout in seconds from a Session header ({@code id;timeout=60}). */
    static long sessionTimeoutSeconds(String header) {
        for (String part : header.split(";")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("timeout=")) {
                try {
                    return Math.max(5, Long.parseLong(p.substring(8).strip()));
                } catch (NumberFormatException e) {
                    return 60;
                }
            }
        }
        return 60;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with this socket
        }
    }
}

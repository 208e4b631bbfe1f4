package dev.camrelay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A WebSocket client on a bare socket, for what a library client will not do: send arbitrary
 * upgrade headers and read the HTTP answer of a refused upgrade, or complete an upgrade and then
 * never answer a ping (a viewer gone without a FIN).
 */
public final class RawWs implements AutoCloseable {
    private final Socket socket;
    private final int status;

    private RawWs(int httpPort, String pathAndQuery, String... headerLines) throws IOException {
        socket = new Socket("127.0.0.1", httpPort);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n");
        if (Arrays.stream(headerLines)
                .noneMatch(line -> line.regionMatches(true, 0, "Host:", 0, 5))) {
            request.append("Host: 127.0.0.1:").append(httpPort).append("\r\n");
        }
        request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append(
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        socket.getOutputStream()
                .write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        String head = readHead(socket.getInputStream());
        status = Integer.parseInt(head.split(" ", 3)[1]);
    }

    /**
     * Sends an upgrade request with extra header lines ({@code "Origin: ..."}); the HTTP status of
     * the answer.
     */
    public static int upgradeStatus(int httpPort, String pathAndQuery, String... headerLines)
            throws IOException {
        try (RawWs ws = new RawWs(httpPort, pathAndQuery, headerLines)) {
            return ws.status;
        }
    }

    /** An upgraded connection that reads what it is sent but answers nothing, not even pings. */
    public static RawWs upgraded(int httpPort, String pathAndQuery) throws IOException {
        RawWs ws = new RawWs(httpPort, pathAndQuery);
        if (ws.status != 101) {
            ws.close();
            throw new AssertionError("upgrade answered " + ws.status);
        }
        return ws;
    }

    /**
     * Reads and discards until the server closes the connection: true then, false if it is still
     * open after {@code timeout}.
     */
    public boolean closedByServerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[65536];
        socket.setSoTimeout(200);
        while (System.nanoTime() < deadline) {
            try {
                if (socket.getInputStream().read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // nothing yet: keep waiting for the deadline
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

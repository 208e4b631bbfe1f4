package dev.camrelay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket viewer that completes the upgrade by hand and then never reads again, with a tiny
 * receive buffer: the far side of a phone that froze.
 */
public final class StalledWsClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;

    public StalledWsClient(int port, String path) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.getOutputStream()
                .write(
                        ("GET "
                                        + path
                                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
        in = socket.getInputStream();
        socket.setSoTimeout(10_000);
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed during the upgrade");
            }
            headers.append((char) b);
        }
        if (!headers.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + headers);
        }
    }

    /**
     * Starts reading again and reports whether the server has ended the connection within the
     * timeout.
     */
    public boolean closedByServer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] sink = new byte[65536];
        try {
            while (in.read(sink) != -1) {
                // drain what was queued before the server gave up on us
            }
            return true;
        } catch (SocketTimeoutException e) {
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

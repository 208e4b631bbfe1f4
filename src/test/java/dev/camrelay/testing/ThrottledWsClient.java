package dev.camrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket viewer behind a {@link Throttle}: upgrades by hand over a plain socket and parses the
 * server's (unmasked) frames itself, so how fast it reads is up to the test.
 */
public final class ThrottledWsClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;

    public ThrottledWsClient(int port, String path, Throttle throttle) throws IOException {
        // room for a couple of low pictures: once unthrottled, the reader's scheduling on a busy
        // box must not hold the link back
        socket.setReceiveBufferSize(65536);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(20_000);
        socket.getOutputStream()
                .write(
                        ("GET "
                                        + path
                                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
        InputStream raw = socket.getInputStream();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b == -1) {
                throw new IOException("connection closed during the upgrade");
            }
            headers.append((char) b);
        }
        if (!headers.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + headers);
        }
        in = new DataInputStream(throttle.wrap(raw));
    }

    /**
     * The next binary message, reassembled from its fragments; fails on a close frame or the end of
     * the connection.
     */
    public byte[] nextBinary() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean inBinary = false;
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            if ((second & 0x80) != 0) {
                throw new IOException("a server frame must not be masked");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            boolean fin = (first & 0x80) != 0;
            switch (first & 0x0F) {
                case 0x2 -> {
                    inBinary = true;
                    message.write(payload);
                }
                case 0x0 -> {
                    if (!inBinary) {
                        throw new IOException("continuation frame outside a binary message");
                    }
                    message.write(payload);
                }
                case 0x8 ->
                        throw new EOFException(
                                "server closed the WebSocket: "
                                        + new String(payload, StandardCharsets.UTF_8));
                default -> {
                    // pings and text: not what this viewer counts (control frames may come between
                    // fragments)
                    continue;
                }
            }
            if (fin) {
                return message.toByteArray();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

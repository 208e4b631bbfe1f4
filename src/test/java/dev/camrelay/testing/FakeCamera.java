package dev.camrelay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The far side of the ingest: a camera on a plain blocking socket, speaking the wire formats by
 * hand.
 */
public final class FakeCamera implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private FakeCamera(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public static FakeCamera connect(int port) throws IOException {
        return new FakeCamera(port);
    }

    /** Connects and sends the legacy binary header (three little-endian int32). */
    public static FakeCamera legacy(int port, int stream, int type, int quality)
            throws IOException {
        FakeCamera camera = new FakeCamera(port);
        camera.send(littleEndian(stream, type, quality));
        return camera;
    }

    /** Connects, sends a text handshake line, and returns the camera after reading the answer. */
    public static FakeCamera text(int port, String line, StringBuilder answer) throws IOException {
        FakeCamera camera = new FakeCamera(port);
        camera.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
        answer.append(camera.readLine(5000));
        return camera;
    }

    public static byte[] littleEndian(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One length-prefixed frame. */
    public void frame(byte[] payload) throws IOException {
        byte[] message = new byte[4 + payload.length];
        System.arraycopy(littleEndian(payload.length), 0, message, 0, 4);
        System.arraycopy(payload, 0, message, 4, payload.length);
        send(message);
    }

    /** The clean end: a zero length. */
    public void end() throws IOException {
        send(littleEndian(0));
    }

    public String readLine(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    /** True when the server closes the connection within the timeout (EOF or reset). */
    public boolean closedByServer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
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

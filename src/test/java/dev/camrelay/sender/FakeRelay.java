package dev.camrelay.sender;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The relay's side of the ingest port, played by a test with a plain ServerSocket. Every accept and
 * read has a timeout, so a client that misbehaves fails the test instead of hanging it.
 */
final class FakeRelay implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final ServerSocket server;

    FakeRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MILLIS);
    }

    int port() {
        return server.getLocalPort();
    }

    Camera accept() throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new Camera(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One accepted camera connection. */
    static final class Camera implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Camera(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        byte[] readBytes(int count) throws IOException {
            byte[] bytes = new byte[count];
            in.readFully(bytes);
            return bytes;
        }

        int readIntLittleEndian() throws IOException {
            byte[] b = readBytes(4);
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        }

        /** Reads one length-framed frame; null for the clean end marker (length 0). */
        byte[] readLengthFramed() throws IOException {
            int length = readIntLittleEndian();
            return length == 0 ? null : readBytes(length);
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection ended inside a line: " + line);
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        void answer(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** True once the client has closed its side: the next read sees the end of the stream. */
        boolean atEnd() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

package dev.camrelay.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The far side of a broken camera: a real socket on port 0 that answers every connection with
 * {@code behaviour} (garbage, an oversize message, silence). Counts connections, so a test can see
 * the relay retry.
 */
final class FakeRtspCamera implements AutoCloseable {
    interface Behaviour {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    FakeRtspCamera(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor =
                new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                try {
                                    Socket socket = server.accept();
                                    connections.incrementAndGet();
                                    Thread connection =
                                            new Thread(
                                                    () -> {
                                                        try (socket) {
                                                            behaviour.serve(
                                                                    socket.getInputStream(),
                                                                    socket.getOutputStream());
                                                        } catch (IOException e) {
                                                            // the relay hung up: that is what the
                                                            // tests provoke
                                                        }
                                                    },
                                                    "fake-rtsp-connection");
                                    connection.setDaemon(true);
                                    connection.start();
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        },
                        "fake-rtsp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/main";
    }

    int connections() {
        return connections.get();
    }

    /** Reads one request header block (up to the blank line). */
    static void readRequest(InputStream in) throws IOException {
        int newlines = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                if (++newlines == 2) {
                    return;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        throw new IOException("closed");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

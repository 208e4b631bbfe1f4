package dev.camrelay.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on an ephemeral loopback port that can be closed (every connection cut, new ones
 * refused at once) and reopened on the same port. Threads: one acceptor, two pumps per connection.
 */
final class TcpGate {
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;
    private volatile boolean open = true;
    private volatile boolean shutdown;

    private TcpGate(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "test-tcp-gate");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TcpGate open() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new TcpGate(server);
    }

    int port() {
        return server.getLocalPort();
    }

    void target(int port) {
        targetPort = port;
    }

    void close() {
        open = false;
        cutAll();
    }

    void reopen() {
        open = true;
    }

    void shutdown() {
        shutdown = true;
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }

    private void accept() {
        while (!shutdown) {
            try {
                Socket client = server.accept();
                if (!open || targetPort == 0) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (shutdown) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[64 * 1024];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buffer)) >= 0) {
                                    out.write(buffer, 0, n);
                                }
                            } catch (IOException e) {
                                // the other side or the gate closed: end both
                            } finally {
                                closeQuietly(from);
                                closeQuietly(to);
                            }
                        },
                        "test-tcp-gate-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

package dev.camrelay.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Viewers that connect and then never read: the relay must drop them, not buffer for them. */
final class StalledViewers {

    private final List<SocketChannel> stalls = new ArrayList<>();

    /**
     * Opens {@code perStream} stalled viewers on each stream (MJPEG GET, else a WebSocket upgrade).
     */
    void open(BenchOptions o, RelayServer relay) throws IOException {
        for (int s = 0; s < o.streams(); s++)
            for (int i = 0; i < o.stalled(); i++) {
                SocketChannel ch =
                        SocketChannel.open(new InetSocketAddress(relay.host, relay.httpPort));
                ch.socket().setReceiveBufferSize(64 * 1024);
                String path = o.mjpeg() ? "/mjpeg/bench" + s : "/ws/bench" + s;
                String req =
                        o.mjpeg()
                                ? "GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n"
                                : "GET "
                                        + path
                                        + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
                ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
                stalls.add(ch); // never read again
            }
    }

    int size() {
        return stalls.size();
    }

    /**
     * Reads what is buffered (up to 512 MiB a connection) and counts those the server closed;
     * closes them all.
     */
    int countClosedByServer() throws IOException {
        int stalledClosed = 0;
        for (SocketChannel ch : stalls) {
            ch.configureBlocking(false);
            ByteBuffer bb = ByteBuffer.allocate(1 << 20);
            boolean closed = false;
            try {
                for (int n = 0; n < 512; n++) {
                    bb.clear();
                    int r = ch.read(bb);
                    if (r < 0) {
                        closed = true;
                        break;
                    }
                    if (r == 0) break;
                }
            } catch (IOException e) {
                closed = true;
            }
            if (closed) stalledClosed++;
            ch.close();
        }
        return stalledClosed;
    }
}

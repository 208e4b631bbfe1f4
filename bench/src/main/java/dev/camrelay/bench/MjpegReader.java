package dev.camrelay.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One selector thread reading many MJPEG viewers, so thousands of viewers need no thousands of threads. */
final class MjpegReader extends Thread {

    private final Selector sel;
    private final RelayServer relay;
    private final ConcurrentLinkedQueue<MjpegViewer> pending = new ConcurrentLinkedQueue<>();
    volatile boolean running = true;

    MjpegReader(int i, RelayServer relay) throws IOException {
        super("mjpeg-reader-" + i);
        setDaemon(true);
        sel = Selector.open();
        this.relay = relay;
    }

    /** Connects and sends the request blocking (the caller's thread); registration happens on this thread. */
    void add(MjpegViewer v) throws IOException {
        v.connectNs = System.nanoTime();
        v.ch = SocketChannel.open(new InetSocketAddress(relay.host, relay.httpPort));
        v.ch.write(ByteBuffer.wrap(("GET /mjpeg/bench" + v.stream + " HTTP/1.0\r\nHost: " + relay.host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        v.ch.configureBlocking(false);
        pending.add(v);
        sel.wakeup();
    }

    @Override public void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (running) {
                MjpegViewer nv;
                while ((nv = pending.poll()) != null) nv.ch.register(sel, SelectionKey.OP_READ, nv);
                sel.select(100);
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    MjpegViewer v = (MjpegViewer) k.attachment();
                    try {
                        buf.clear();
                        int r = v.ch.read(buf);
                        if (r < 0) { v.closed = true; k.cancel(); v.ch.close(); continue; }
                        buf.flip();
                        v.onData(buf, System.nanoTime());
                    } catch (IOException e) {
                        v.closed = true; k.cancel(); try { v.ch.close(); } catch (IOException ignored) { }
                    }
                }
            }
        } catch (IOException e) {
            System.err.println(getName() + ": " + e);
        }
    }
}

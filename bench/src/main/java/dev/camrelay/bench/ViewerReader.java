package dev.camrelay.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread reading many viewers (MJPEG and WebSocket alike), so thousands of viewers
 * need no thousands of threads.
 */
final class ViewerReader extends Thread {

    private final Selector sel;
    private final RelayServer relay;
    private final ConcurrentLinkedQueue<SocketViewer> pending = new ConcurrentLinkedQueue<>();
    volatile boolean running = true;

    ViewerReader(int i, RelayServer relay) throws IOException {
        super("viewer-reader-" + i);
        setDaemon(true);
        sel = Selector.open();
        this.relay = relay;
    }

    /**
     * Connects and sends the request blocking (the caller's thread); registration happens on this
     * thread.
     */
    void add(SocketViewer v) throws IOException {
        v.connectNs = System.nanoTime();
        v.ch = SocketChannel.open(new InetSocketAddress(relay.host, relay.httpPort));
        v.ch.write(ByteBuffer.wrap(v.request(relay.host + ":" + relay.httpPort)));
        v.ch.configureBlocking(false);
        pending.add(v);
        sel.wakeup();
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (running) {
                SocketViewer nv;
                while ((nv = pending.poll()) != null) nv.ch.register(sel, SelectionKey.OP_READ, nv);
                sel.select(100);
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketViewer v = (SocketViewer) k.attachment();
                    try {
                        buf.clear();
                        int r = v.ch.read(buf);
                        if (r < 0) {
                            close(k, v);
                            continue;
                        }
                        buf.flip();
                        v.onData(buf, System.nanoTime());
                        if (v.closed)
                            close(k, v); // the viewer saw the end of its stream (a WebSocket close)
                    } catch (ProtocolException e) {
                        System.err.println(
                                getName() + ": viewer of bench" + v.stream + ": " + e.getMessage());
                        close(k, v);
                    } catch (IOException e) {
                        close(k, v);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println(getName() + ": " + e);
        }
    }

    private static void close(SelectionKey k, SocketViewer v) {
        v.closed = true;
        k.cancel();
        try {
            v.ch.close();
        } catch (IOException ignored) {
        }
    }
}

package dev.camrelay.bench;

import dev.camrelay.media.Multipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of MJPEG fan-out: the cheapest Java sender we can write, standing in for the relay so
 * that {@link FanoutBench} can measure what the same bytes cost without Jetty, queues and threads.
 * One selector thread does everything: the ingest port (text handshake {@code STREAM <name> mjpeg
 * framing=length}, answered {@code OK}, then little-endian int32 length + JPEG), and the HTTP port
 * ({@code GET /readyz}, and {@code GET /mjpeg/<name>} answered with the relay's multipart shape:
 * {@link Multipart}'s preamble, then per frame the JPEG and at once the next part's delimiter and
 * headers (Content-Type only); a joiner gets the latest frame at once). Every other path is a 404,
 * so the load tool reports heap and serverStreams as null.
 *
 * <p>Per frame ONE part is built ({@link FloorPart}) and offered to every viewer by a non-blocking
 * send on this thread. A viewer whose previous part is partly unsent keeps its remainder and
 * OP_WRITE interest; a new frame for it is skipped and counted (it never queues). No per-viewer
 * copies.
 *
 * <ul>
 *   <li>{@code --mode write}: the part is a direct buffer; one write(2) of a duplicate per viewer.
 *   <li>{@code --mode sendfile}: the part is a fresh unlinked file in /dev/shm; one {@code
 *       FileChannel.transferTo}, i.e. sendfile(2), per viewer (the JDK also does an fstat per call,
 *       for the file's size).
 * </ul>
 *
 * <p>Usage, from the project root (the load tool attaches with --connect, no relay involved):
 *
 * <pre>
 * mvn -q -o -Pbench -Dmaven.test.skip=true package
 * java -Xmx64m -cp bench/target/classes dev.camrelay.bench.FloorServer --http-port 18080 --ingest-port 19090 --mode write
 *   (or --mode sendfile; it prints "--connect 127.0.0.1:18080:19090:&lt;pid&gt;")
 * mvn -q -o -Pbench exec:java -Dexec.args="--format mjpeg --viewers 50 --seconds 5 --connect 127.0.0.1:18080:19090:&lt;pid&gt;"
 * </pre>
 *
 * Then stop it (kill &lt;pid&gt;) and start the other mode. Port 0 picks a free one. At 50 viewers
 * the server's CPU is a few 10 ms ticks plus its JIT warm-up, so only large runs tell the floor.
 * Counts (frames in, parts written, skips) are printed every 10 s while frames arrive, and at exit
 * (Ctrl-C / kill).
 */
public final class FloorServer {

    private static final byte[] TRAILER = Multipart.trailer();
    private static final int MAX_FRAME = 16 << 20;

    private final Selector sel = Selector.open();
    private final boolean sendfile;
    private final Map<String, Stream> streams = new HashMap<>();
    // written by the selector thread only; volatile so that the exit hook reads current values
    private volatile long framesIn, partsWritten, skips;

    /** One stream: its viewers, and its latest part (one reference held) for joiners. */
    private static final class Stream {
        final List<Http> viewers = new ArrayList<>();
        FloorPart latest;
    }

    /**
     * A camera connection: handshake line, then length prefix and part, read straight into a direct
     * buffer.
     */
    private static final class Ingest {
        final ByteBuffer line = ByteBuffer.allocate(256);
        final ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        Stream stream; // null until the handshake is done
        ByteBuffer part; // the part being filled (headers already in), null between frames
        int total; // its full length: headers + JPEG + trailer
    }

    /**
     * An HTTP connection: the request, then either a plain response and close, or an MJPEG viewer.
     */
    private static final class Http {
        final ByteBuffer req = ByteBuffer.allocate(2048);
        SelectionKey key;
        ByteBuffer head; // response headers (+ preamble) not yet written
        boolean closeAfterHead;
        Stream stream; // an MJPEG viewer's
        FloorPart part; // the part being sent, one reference held
        long pos;
        boolean closed;
    }

    private FloorServer(boolean sendfile) throws IOException {
        this.sendfile = sendfile;
    }

    public static void main(String[] args) throws IOException {
        int httpPort = 0, ingestPort = 0;
        String mode = "write";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
                case "--ingest-port" -> ingestPort = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = args[i + 1];
                default -> mode = "?";
            }
        }
        if (args.length % 2 != 0 || !(mode.equals("write") || mode.equals("sendfile"))) {
            System.err.println(
                    "usage: FloorServer [--http-port 0] [--ingest-port 0] [--mode write|sendfile]   (0: any free port)");
            System.exit(2);
        }
        FloorServer s = new FloorServer(mode.equals("sendfile"));
        InetAddress lo = InetAddress.getLoopbackAddress();
        int hp = s.listen(new InetSocketAddress(lo, httpPort), false),
                ip = s.listen(new InetSocketAddress(lo, ingestPort), true);
        long pid = ProcessHandle.current().pid();
        System.out.printf(
                "FloorServer pid %d mode %s http %d ingest %d%n  --connect %s:%d:%d:%d%n",
                pid, mode, hp, ip, lo.getHostAddress(), hp, ip, pid);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> s.printCounts("exit")));
        s.loop();
    }

    private int listen(InetSocketAddress at, boolean ingest) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(at, 1024);
        ss.configureBlocking(false);
        ss.register(sel, SelectionKey.OP_ACCEPT, ingest);
        return ss.socket().getLocalPort();
    }

    private void printCounts(String when) {
        System.out.printf(
                "[%s] frames in %d, parts written %d, skips %d%n",
                when, framesIn, partsWritten, skips);
    }

    private void loop() throws IOException {
        long nextPrint = System.nanoTime() + 10_000_000_000L, printedFrames = 0;
        while (true) {
            sel.select(1000);
            for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                if (!k.isValid())
                    continue; // a viewer closed earlier in this round, by a failed send in publish
                try {
                    if (k.attachment() instanceof Boolean ingest) accept(k, ingest);
                    else if (k.attachment() instanceof Ingest in) readIngest(k, in);
                    else if (k.attachment() instanceof Http h) onHttp(k, h);
                } catch (IOException e) { // the peer went away or broke the protocol: drop that
                    // connection only
                    if (k.attachment() instanceof Http h) {
                        close(h);
                        if (h.stream != null) h.stream.viewers.remove(h);
                    } else if (k.attachment() instanceof Ingest) {
                        k.cancel();
                        try {
                            k.channel().close();
                        } catch (IOException ignored) {
                        }
                    } else
                        System.err.println(
                                "accept: "
                                        + e); // keep listening (e.g. out of file descriptors for a
                    // moment)
                }
            }
            if (System.nanoTime() - nextPrint > 0) {
                nextPrint += 10_000_000_000L;
                if (framesIn != printedFrames) {
                    printedFrames = framesIn;
                    printCounts("10 s");
                }
            }
        }
    }

    private void accept(SelectionKey k, boolean ingest) throws IOException {
        SocketChannel ch;
        while ((ch = ((ServerSocketChannel) k.channel()).accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(
                    StandardSocketOptions.TCP_NODELAY,
                    true); // as Jetty's connector and the relay's ingest do
            if (ingest) ch.register(sel, SelectionKey.OP_READ, new Ingest());
            else {
                Http h = new Http();
                h.key = ch.register(sel, SelectionKey.OP_READ, h);
            }
        }
    }

    private void readIngest(SelectionKey k, Ingest in) throws IOException {
        SocketChannel ch = (SocketChannel) k.channel();
        if (in.stream == null) {
            handshake(k, ch, in);
            return;
        }
        while (true) { // until the socket has nothing more for us
            if (in.part == null) {
                if (ch.read(in.len) < 0) throw new IOException("camera closed");
                if (in.len.hasRemaining()) return;
                int n = in.len.flip().getInt();
                in.len.clear();
                if (n <= 0 || n > MAX_FRAME) throw new IOException("bad frame length " + n);
                in.total = n + TRAILER.length;
                in.part = FloorPart.buffer(in.total);
                in.part.limit(n); // the JPEG is read straight into the part: no copy
            }
            if (ch.read(in.part) < 0) throw new IOException("camera closed");
            if (in.part.hasRemaining()) return;
            ByteBuffer b = in.part.limit(in.total).put(TRAILER).flip();
            in.part = null;
            publish(in.stream, sendfile ? FloorPart.inFile(b) : FloorPart.inMemory(b));
        }
    }

    /**
     * The camera sends nothing after its line until it has our answer, so one buffered read cannot
     * take frame bytes; the answer is a few bytes into an empty socket buffer, so one non-blocking
     * write takes it whole.
     */
    private void handshake(SelectionKey k, SocketChannel ch, Ingest in) throws IOException {
        if (ch.read(in.line) < 0) throw new IOException("closed in handshake");
        int p = in.line.position();
        if (p == 0 || in.line.get(p - 1) != '\n') {
            if (!in.line.hasRemaining()) throw new IOException("handshake line too long");
            return;
        }
        String[] w =
                new String(in.line.array(), 0, p, StandardCharsets.US_ASCII).trim().split(" +");
        boolean ok =
                w.length >= 3
                        && w[0].equals("STREAM")
                        && w[2].equalsIgnoreCase("mjpeg")
                        && Arrays.asList(w).contains("framing=length");
        ch.write(
                ByteBuffer.wrap(
                        (ok
                                        ? "OK\n"
                                        : "ERR unsupported: only 'STREAM <name> mjpeg framing=length'\n")
                                .getBytes(StandardCharsets.US_ASCII)));
        if (!ok) throw new IOException("handshake refused");
        in.stream = streams.computeIfAbsent(w[1], x -> new Stream());
    }

    /**
     * Offers the part to every idle viewer; the stream keeps the creator's reference as its latest.
     */
    private void publish(Stream s, FloorPart p) {
        framesIn++;
        if (s.latest != null) s.latest.release();
        s.latest = p;
        boolean dropped = false;
        for (Http v : s.viewers) {
            if (v.head != null || v.part != null) {
                skips++;
                continue;
            } // busy: latest wins, no queue
            p.retain();
            v.part = p;
            v.pos = 0;
            try {
                if (!flush(v)) v.key.interestOps(SelectionKey.OP_WRITE);
            } catch (IOException e) {
                close(v);
                dropped = true;
            }
        }
        if (dropped) s.viewers.removeIf(v -> v.closed);
    }

    private void onHttp(SelectionKey k, Http h) throws IOException {
        if (k.isReadable()) readRequest(k, h);
        else if (k.isWritable() && flush(h)) {
            if (h.closeAfterHead) close(h);
            else k.interestOps(0); // idle until the next frame
        }
    }

    private void readRequest(SelectionKey k, Http h) throws IOException {
        if (((SocketChannel) k.channel()).read(h.req) < 0)
            throw new IOException("closed before the request");
        String r = new String(h.req.array(), 0, h.req.position(), StandardCharsets.ISO_8859_1);
        if (!r.contains("\r\n\r\n")) {
            if (!h.req.hasRemaining()) throw new IOException("request too long");
            return;
        }
        String[] line = r.substring(0, r.indexOf('\r')).split(" ");
        String path = line.length < 2 ? "" : line[1].replaceFirst("\\?.*", "");
        Stream s = path.startsWith("/mjpeg/") ? streams.get(path.substring(7)) : null;
        if (line[0].equals("GET") && s != null) {
            byte[] headers =
                    ("HTTP/1.0 200 OK\r\nContent-Type: "
                                    + Multipart.CONTENT_TYPE
                                    + "\r\nCache-Control: no-cache, no-store\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
            byte[] preamble = Multipart.preamble();
            h.head =
                    ByteBuffer.allocate(headers.length + preamble.length)
                            .put(headers)
                            .put(preamble)
                            .flip();
            h.stream = s;
            s.viewers.add(h);
            if (s.latest != null) {
                s.latest.retain();
                h.part = s.latest;
            } // the newest JPEG at once, as the relay does
        } else {
            boolean ready = line[0].equals("GET") && path.equals("/readyz");
            String body = ready ? "ready\n" : "not found\n";
            h.head =
                    ByteBuffer.wrap(
                            ((ready ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found")
                                            + "\r\nContent-Type: text/plain\r\nContent-Length: "
                                            + body.length()
                                            + "\r\nConnection: close\r\n\r\n"
                                            + body)
                                    .getBytes(StandardCharsets.US_ASCII));
            h.closeAfterHead = true;
        }
        // viewers are not read again: a gone viewer shows up as a failed send
        if (!flush(h)) k.interestOps(SelectionKey.OP_WRITE);
        else if (h.closeAfterHead) close(h);
        else k.interestOps(0);
    }

    /**
     * One send attempt of what is pending; true when nothing is left. A short send means the socket
     * buffer is full.
     */
    private boolean flush(Http h) throws IOException {
        SocketChannel ch = (SocketChannel) h.key.channel();
        if (h.head != null) {
            ch.write(h.head);
            if (h.head.hasRemaining()) return false;
            h.head = null;
        }
        if (h.part != null) {
            h.pos += h.part.sendTo(ch, h.pos);
            if (h.pos < h.part.length) return false;
            h.part.release();
            h.part = null;
            partsWritten++;
        }
        return true;
    }

    private static void close(Http h) {
        if (h.closed) return;
        h.closed = true;
        if (h.part != null) {
            h.part.release();
            h.part = null;
        }
        h.key.cancel();
        try {
            h.key.channel().close();
        } catch (IOException ignored) {
        } // already gone
    }
}

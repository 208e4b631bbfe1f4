package dev.camrelay.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes one stream to the relay's ingest port at a fixed fps, length-framed. Frames are due on an
 * absolute schedule (start + seq * interval), so a slow write shows up as lateness rather than as a
 * silently lower rate.
 */
final class Publisher extends Thread {

    final int stream;
    final String name;

    /**
     * This publisher's own copies of the frames: it writes its tags into them, so streams must not
     * share them.
     */
    private final List<byte[]> templates;

    private final int[] offs;
    private final BenchOptions options;
    private final RelayServer relay;
    private final Measurement m;
    private final Ts.Continuity continuity; // TS only: the templates loop, the counters must not
    volatile long nextSeq;
    volatile boolean running = true;
    volatile long maxLateNs,
            maxWriteNs; // over the window: behind schedule at send; one frame's blocking write

    Publisher(
            int stream, FrameTemplates t, BenchOptions options, RelayServer relay, Measurement m) {
        super("publisher-bench" + stream);
        setDaemon(true);
        this.stream = stream;
        this.name = "bench" + stream;
        this.templates = t.frames().stream().map(byte[]::clone).toList();
        this.offs = t.tagOffsets();
        this.options = options;
        this.relay = relay;
        this.m = m;
        this.continuity = options.ts() ? new Ts.Continuity() : null;
    }

    @Override
    public void run() {
        try (SocketChannel ch =
                SocketChannel.open(new InetSocketAddress(relay.host, relay.ingestPort))) {
            ch.socket().setTcpNoDelay(true);
            ch.write(
                    ByteBuffer.wrap(
                            ("STREAM " + name + " " + options.format() + " framing=length\n")
                                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer ok = ByteBuffer.allocate(64);
            while (ok.position() == 0 || ok.get(ok.position() - 1) != '\n')
                if (ch.read(ok) < 0) throw new IOException("closed in handshake");
            String ans = new String(ok.array(), 0, ok.position(), StandardCharsets.US_ASCII).trim();
            if (!ans.equals("OK")) throw new IOException("handshake: " + ans);
            long interval = 1_000_000_000L / options.fps(), start = System.nanoTime();
            ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (long seq = 0; running; seq++) {
                long due = start + seq * interval;
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                int i = (int) (seq % templates.size());
                byte[] f = templates.get(i);
                long sendAt = System.nanoTime();
                FrameTag.writeTag(f, offs[i], seq, sendAt);
                if (continuity != null) continuity.stamp(f);
                if (m.measuring) maxLateNs = Math.max(maxLateNs, sendAt - due);
                nextSeq = seq + 1;
                len.clear();
                len.putInt(f.length).flip();
                ByteBuffer[] bufs = {len, ByteBuffer.wrap(f)};
                while (bufs[1].hasRemaining()) ch.write(bufs);
                if (m.measuring) maxWriteNs = Math.max(maxWriteNs, System.nanoTime() - sendAt);
            }
        } catch (IOException e) {
            System.err.println("publisher " + name + ": " + e);
        }
    }
}

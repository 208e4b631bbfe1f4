package dev.camrelay.rtsp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * RTP and RTCP over UDP: per track a socket pair on an even port and the next, each connected to
 * the camera's announced {@code server_port} so datagrams from anyone else are never read. The RTSP
 * connection stays open for keep-alives, whose answers are read whenever bytes wait on it. Owned by
 * the source's thread.
 */
final class UdpTransport implements MediaTransport {
    private static final int PORT_ATTEMPTS = 20;
    private static final long POLL_MILLIS = 500;

    private final InetAddress camera;
    private final long idleNanos;
    private final Selector selector;
    private final Map<Integer, DatagramChannel> byChannel = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65536);
    private Iterator<SelectionKey> ready = Collections.emptyIterator();
    private long lastPacketNanos = System.nanoTime();

    UdpTransport(InetAddress camera, Duration idleTimeout) throws IOException {
        this.camera = camera;
        this.idleNanos = idleTimeout.toNanos();
        this.selector = Selector.open();
    }

    @Override
    public String setupHeader(int first) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress(0));
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            if (port % 2 == 0) {
                try {
                    DatagramChannel rtcp =
                            DatagramChannel.open().bind(new InetSocketAddress(port + 1));
                    register(first, rtp);
                    register(first + 1, rtcp);
                    return "RTP/AVP;unicast;client_port=" + port + "-" + (port + 1);
                } catch (BindException e) {
                    last = e;
                }
            }
            rtp.close();
        }
        throw new IOException("no free even/odd UDP port pair for RTP and RTCP", last);
    }

    private void register(int channel, DatagramChannel socket) throws IOException {
        socket.configureBlocking(false);
        socket.register(selector, SelectionKey.OP_READ, channel);
        byChannel.put(channel, socket);
    }

    @Override
    public int[] accept(String serverTransport, int first) throws IOException {
        int[] serverPorts = serverPorts(serverTransport);
        if (serverPorts.length == 2) {
            byChannel.get(first).connect(new InetSocketAddress(camera, serverPorts[0]));
            byChannel.get(first + 1).connect(new InetSocketAddress(camera, serverPorts[1]));
        }
        lastPacketNanos = System.nanoTime();
        return new int[] {first, first + 1};
    }

    @Override
    public RtspMessage.Interleaved next(RtspConnection rtsp) throws IOException {
        while (true) {
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                RtspMessage.Interleaved packet = read(key);
                if (packet != null) {
                    return packet;
                }
            }
            while (rtsp.readable()) {
                rtsp.next();
            }
            if (System.nanoTime() - lastPacketNanos > idleNanos) {
                throw new SocketTimeoutException("no RTP over UDP");
            }
            selector.select(POLL_MILLIS);
            ready = selector.selectedKeys().iterator();
        }
    }

    /** One datagram from the camera, or null when none waits or it came from elsewhere. */
    private RtspMessage.Interleaved read(SelectionKey key) throws IOException {
        DatagramChannel socket = (DatagramChannel) key.channel();
        buffer.clear();
        SocketAddress from = socket.receive(buffer);
        if (from == null
                || !(from instanceof InetSocketAddress address)
                || !address.getAddress().equals(camera)) {
            return null;
        }
        lastPacketNanos = System.nanoTime();
        return new RtspMessage.Interleaved(
                (Integer) key.attachment(), Arrays.copyOf(buffer.array(), buffer.position()));
    }

    @Override
    public void send(RtspConnection rtsp, int channel, byte[] packet) throws IOException {
        DatagramChannel socket = byChannel.get(channel);
        if (socket != null && socket.isConnected()) {
            socket.write(ByteBuffer.wrap(packet));
        }
    }

    /** {@code server_port=a-b} from the server's Transport header; empty when absent. */
    static int[] serverPorts(String transport) {
        return InterleavedTransport.pair(transport, "server_port=")
                .filter(p -> p[0] > 0 && p[0] < 65536 && p[1] > 0 && p[1] < 65536)
                .orElse(new int[0]);
    }

    @Override
    public void close() {
        for (DatagramChannel socket : byChannel.values()) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}

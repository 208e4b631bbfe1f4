package dev.camrelay.ingest;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.media.Format;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.StreamRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera listener: one dedicated thread ({@code camrelay-ingest}) owns the selector, the server
 * socket and every camera connection. Other threads only call {@link #close()}, which flags the
 * loop and wakes the selector; the loop itself closes everything on its way out.
 *
 * <p>Connections still in their handshake have a budget of their own, apart from the cameras that
 * publish: when it is full, or one address holds its share, the oldest pending handshake is evicted
 * for the newcomer, so idle sockets can delay a camera but never lock it out. A failing {@code
 * accept()} (such as out of file descriptors) pauses accepting for a second instead of ending the
 * loop every camera shares.
 */
public final class IngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    private static final long SELECT_TIMEOUT_MS = 250;

    /**
     * Connections from one address that may be in their handshake at once: a flood from one host
     * stays small, yet an encoder box or NAT gateway reconnecting a few dozen cameras (two
     * renditions each) at once is not refused.
     */
    public static final int MAX_PENDING_HANDSHAKES_PER_ADDRESS = 32;

    /** Connections that may be in their handshake at once, from all addresses together. */
    public static final int MAX_PENDING_HANDSHAKES = 64;

    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final IngestLimits limits;
    private final StreamRegistry registry;
    private final IngestCounters counters;
    private final PublishGate gate;
    private final ConnectionLog connectionLog;
    private final HandshakeReader handshakeReader =
            new HandshakeReader(EnumSet.allOf(Format.class));
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Connections still in their handshake, per address. Owned by the ingest thread. */
    private final Map<InetAddress, Integer> pendingHandshakes = new HashMap<>();

    /** Connections still in their handshake, oldest first. Owned by the ingest thread. */
    private final Set<CameraConnection> pending = new LinkedHashSet<>();

    private final SelectionKey acceptKey;
    private final DelayedRefusals refusals = new DelayedRefusals();

    /** When accepting resumes after a failed accept(), or 0 while accepting. Ingest thread. */
    private long acceptResumesAt;

    private volatile boolean running = true;

    private IngestServer(
            RelayConfig config, StreamRegistry registry, IngestCounters counters, PublishGate gate)
            throws IOException {
        this.limits = IngestLimits.from(config);
        this.gate = gate;
        this.registry = registry;
        this.counters = counters;
        this.connectionLog = new ConnectionLog(counters);
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(config.ingestHost(), config.ingestPort()), 128);
        } catch (BindException e) {
            server.close();
            selector.close();
            throw new BindException(
                    "ingest port "
                            + config.ingestHost()
                            + ":"
                            + config.ingestPort()
                            + " is not available ("
                            + e.getMessage()
                            + "): stop what holds it, or choose another with --ingest.port=N");
        }
        server.configureBlocking(false);
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::run, "camrelay-ingest");
    }

    /**
     * Binds the ingest port (failing fast, naming it, when it is taken) and starts the ingest
     * thread.
     */
    public static IngestServer start(
            RelayConfig config, StreamRegistry registry, IngestCounters counters, PublishGate gate)
            throws IOException {
        IngestServer ingest = new IngestServer(config, registry, counters, gate);
        ingest.thread.start();
        LOG.info("ingest listening on tcp://{}:{}", config.ingestHost(), ingest.port());
        return ingest;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Liveness: the ingest thread is running its loop. */
    public boolean isAlive() {
        return running && thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        try {
            selector.wakeup();
        } catch (ClosedSelectorException e) {
            return;
        }
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("ingest thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextDeadlineCheck = System.nanoTime();
        try {
            while (running) {
                selector.select(SELECT_TIMEOUT_MS);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(now);
                    } else if (key.isReadable()) {
                        read(key, now);
                    }
                }
                selector.selectedKeys().clear();
                refusals.answerDue(now, this::end);
                if (acceptResumesAt != 0 && now - acceptResumesAt >= 0) {
                    acceptResumesAt = 0;
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                }
                if (now - nextDeadlineCheck >= 0) {
                    checkDeadlines(now);
                    nextDeadlineCheck = now + TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MS);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("ingest loop failed; cameras can no longer connect", e);
        } finally {
            closeAll();
            stopped.countDown();
        }
    }

    private void accept(long now) {
        SocketChannel channel;
        while ((channel = acceptOrPause(now)) != null) {
            counters.connectionAccepted();
            try {
                admit(channel, now);
            } catch (IOException e) {
                counters.rejected(RejectReason.IO_ERROR);
                closeQuietly(channel);
            }
        }
        counters.openConnections(selector.keys().size() - 1);
    }

    /** The next connection, or null when none waits or accept() failed and accepting paused. */
    private SocketChannel acceptOrPause(long now) {
        try {
            return server.accept();
        } catch (IOException e) {
            counters.acceptFailed();
            acceptKey.interestOps(0);
            acceptResumesAt = now + ACCEPT_PAUSE_NANOS;
            LOG.warn(
                    "ingest cannot accept camera connections ({}); trying again in 1 s",
                    e.getMessage());
            return null;
        }
    }

    private void admit(SocketChannel channel, long now) throws IOException {
        InetAddress remote = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        int publishing = selector.keys().size() - 1 - pending.size();
        if (publishing >= limits.maxConnections()) {
            counters.rejected(RejectReason.TOO_MANY_CONNECTIONS);
            channel.close();
            return;
        }
        if (pendingHandshakes.getOrDefault(remote, 0) >= MAX_PENDING_HANDSHAKES_PER_ADDRESS) {
            evictOldestPending(remote);
        } else if (pending.size() >= MAX_PENDING_HANDSHAKES) {
            evictOldestPending(null);
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        CameraConnection connection =
                new CameraConnection(
                        channel,
                        remote,
                        limits,
                        registry,
                        counters,
                        handshakeReader,
                        gate,
                        connectionLog,
                        now);
        channel.register(selector, SelectionKey.OP_READ, connection);
        pending.add(connection);
        pendingHandshakes.merge(remote, 1, Integer::sum);
    }

    /** Closes the longest-waiting handshake, of one address or (null) of any. */
    private void evictOldestPending(InetAddress from) {
        for (CameraConnection oldest : pending) {
            if (from == null || from.equals(oldest.address())) {
                SelectionKey key = oldest.key(selector);
                counters.rejected(RejectReason.HANDSHAKE_EVICTED);
                LOG.debug(
                        "camera {} closed: its handshake was the oldest pending one",
                        oldest.describe());
                end(key, oldest);
                return;
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a camera socket that failed at accept", e);
        }
    }

    private void read(SelectionKey key, long now) {
        CameraConnection connection = (CameraConnection) key.attachment();
        try {
            boolean open = connection.onReadable(now);
            if (connection.handshakeDone()) {
                handshakeEnded(connection);
            }
            if (!open) {
                end(key, connection);
            }
        } catch (IngestException e) {
            fail(key, connection, e);
        } catch (CameraConnection.BadStream e) {
            fail(key, connection, e.failure());
        } catch (RuntimeException e) {
            // a bug must cost one camera its connection, never the ingest thread every camera
            // shares
            LOG.error("camera {} closed after an internal error", connection.describe(), e);
            fail(
                    key,
                    connection,
                    new IngestException(RejectReason.INTERNAL_ERROR, String.valueOf(e)));
        }
    }

    private void checkDeadlines(long now) {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof CameraConnection connection
                    && !connection.isRefused()) {
                try {
                    connection.checkDeadlines(now);
                } catch (IngestException e) {
                    fail(key, connection, e);
                }
            }
        }
    }

    private void fail(SelectionKey key, CameraConnection connection, IngestException failure) {
        counters.rejected(failure.reason());
        LOG.debug(
                "camera {} closed: {} ({})",
                connection.describe(),
                failure.reason().code(),
                failure.getMessage());
        boolean refusedToken =
                failure.reason() == RejectReason.UNAUTHORIZED
                        || failure.reason() == RejectReason.LOCKED_OUT;
        if (refusedToken && refusals.hold(key, connection, failure, System.nanoTime())) {
            return;
        }
        connection.sendError(failure);
        end(key, connection);
    }

    private void handshakeEnded(CameraConnection connection) {
        if (pending.remove(connection)) {
            pendingHandshakes.computeIfPresent(
                    connection.address(), (address, count) -> count > 1 ? count - 1 : null);
        }
    }

    private void end(SelectionKey key, CameraConnection connection) {
        handshakeEnded(connection);
        key.cancel();
        connection.close();
        counters.openConnections(selector.keys().size() - 1);
    }

    private void closeAll() {
        List<CameraConnection> connections = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof CameraConnection connection) {
                    connections.add(connection);
                }
            }
        } catch (ClosedSelectorException e) {
            LOG.debug("selector already closed", e);
        }
        connections.forEach(CameraConnection::close);
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counters.openConnections(0);
    }
}

package dev.camrelay.ingest;

import dev.camrelay.media.Format;
import dev.camrelay.media.JpegInfo;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.StreamLimitException;
import dev.camrelay.stream.StreamRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's TCP connection: handshake, then frames into its stream. Owned by the ingest thread:
 * only that thread reads the channel, parses, and publishes.
 */
final class CameraConnection {
    private static final Logger LOG = LoggerFactory.getLogger(CameraConnection.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    /** Length-framed frames in a row that are not JPEGs before the connection is judged broken. */
    private static final int MAX_BAD_FRAMES_IN_A_ROW = 50;

    private final SocketChannel channel;
    private final String remote;
    private final IngestLimits limits;
    private final StreamRegistry registry;
    private final IngestCounters counters;
    private final HandshakeReader handshakeReader;
    private final PublishGate gate;
    private final ConnectionLog log;
    private final InetAddress address;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final long handshakeDeadlineNanos;
    private long lastReadNanos;
    private Handshake handshake;

    /**
     * Whether the bytes so far are a text handshake, so a failure can be answered with an ERR line.
     */
    private boolean textHandshake;

    private Framer framer;
    private Publication publication;
    private int badFramesInARow;

    /** Refused for its token and waiting out the refusal's delay: no more reads or deadlines. */
    private boolean refused;

    private long reportedGarbage;
    private long reportedDropped;

    CameraConnection(
            SocketChannel channel,
            InetAddress address,
            IngestLimits limits,
            StreamRegistry registry,
            IngestCounters counters,
            HandshakeReader handshakeReader,
            PublishGate gate,
            ConnectionLog log,
            long nowNanos) {
        this.channel = channel;
        this.log = log;
        this.address = address;
        this.remote = address.getHostAddress();
        this.gate = gate;
        this.limits = limits;
        this.registry = registry;
        this.counters = counters;
        this.handshakeReader = handshakeReader;
        this.handshakeDeadlineNanos = nowNanos + limits.handshakeTimeoutNanos();
        this.lastReadNanos = nowNanos;
    }

    /**
     * Reads what the socket has and processes it. Returns false when the connection is finished
     * (clean end or peer closed); throws for a counted failure.
     */
    boolean onReadable(long nowNanos) throws IngestException {
        int read;
        try {
            read = channel.read(buffer);
        } catch (IOException e) {
            throw new IngestException(RejectReason.IO_ERROR, e.getMessage());
        }
        if (read < 0) {
            return false;
        }
        lastReadNanos = nowNanos;
        buffer.flip();
        try {
            if (handshake == null && !readHandshake()) {
                return true;
            }
            return framer.consume(buffer, this::onFrame);
        } finally {
            buffer.compact();
            reportMalformed();
        }
    }

    /** Ends the connection if its handshake or its silence has lasted too long. */
    void checkDeadlines(long nowNanos) throws IngestException {
        if (handshake == null && nowNanos - handshakeDeadlineNanos >= 0) {
            throw new IngestException(
                    RejectReason.HANDSHAKE_TIMEOUT,
                    "no complete handshake within "
                            + limits.handshakeTimeoutNanos() / 1_000_000
                            + " ms");
        }
        if (handshake != null && nowNanos - lastReadNanos >= limits.idleTimeoutNanos()) {
            throw new IngestException(
                    RejectReason.IDLE_TIMEOUT,
                    "camera sent nothing for " + limits.idleTimeoutNanos() / 1_000_000 + " ms");
        }
    }

    /**
     * Tells a text-handshake camera why it is being closed; best effort, the socket is closed next.
     */
    void sendError(IngestException failure) {
        if (handshake == null && textHandshake) {
            String line =
                    "ERR "
                            + failure.reason().code()
                            + " "
                            + failure.getMessage().replace('\n', ' ')
                            + "\n";
            writeQuietly(line);
        }
    }

    /** Releases the stream (it goes offline, viewers stay) and closes the socket. Idempotent. */
    void close() {
        if (publication != null) {
            publication.end();
            if (framer != null && framer.midFrame()) {
                LOG.debug(
                        "camera {} ({}) left mid-frame; the partial frame was dropped",
                        handshake.key(),
                        remote);
            }
            log.disconnected(handshake.key().toString(), remote);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing camera socket {}", remote, e);
        }
    }

    /** The camera's address, for per-address limits. */
    InetAddress address() {
        return address;
    }

    void refused() {
        refused = true;
    }

    boolean isRefused() {
        return refused;
    }

    /** This connection's registration with the ingest selector. */
    SelectionKey key(Selector selector) {
        return channel.keyFor(selector);
    }

    /** True once the handshake is complete and the camera publishes. */
    boolean handshakeDone() {
        return handshake != null;
    }

    String describe() {
        return handshake == null ? remote : handshake.key() + " from " + remote;
    }

    private boolean readHandshake() throws IngestException {
        textHandshake = HandshakeReader.startsLikeText(buffer);
        Handshake parsed = handshakeReader.read(buffer);
        if (parsed == null) {
            return false;
        }
        admit(parsed);
        Framer chosen = Framers.create(parsed, limits.maxFrameBytes());
        try {
            publication = registry.publish(parsed.key(), parsed.format());
        } catch (StreamLimitException e) {
            throw new IngestException(RejectReason.STREAM_LIMIT, e.getMessage());
        }
        handshake = parsed;
        framer = chosen;
        if (!parsed.legacy()) {
            writeQuietly("OK\n");
        }
        counters.handshakeDone();
        log.connected(
                parsed.key().toString(),
                remote,
                parsed.format().wireName()
                        + ", "
                        + parsed.framing().name().toLowerCase(Locale.ROOT)
                        + " framing"
                        + (parsed.legacy() ? ", legacy header" : ""));
        return true;
    }

    /**
     * Publish auth, before any stream state exists: a refused camera leaves no trace in the hub.
     */
    private void admit(Handshake parsed) throws IngestException {
        switch (gate.check(
                parsed.key().name(), parsed.token(), address, System.currentTimeMillis())) {
            case ALLOWED -> {}
            case TOKEN_REQUIRED ->
                    throw new IngestException(
                            RejectReason.UNAUTHORIZED,
                            parsed.legacy()
                                    ? "publishing needs a token; the legacy header has none, so this address must be on publish.allow"
                                    : "publishing needs token=...");
            case BAD_TOKEN ->
                    throw new IngestException(
                            RejectReason.UNAUTHORIZED, "wrong token for " + parsed.key().name());
            case LOCKED_OUT ->
                    throw new IngestException(
                            RejectReason.LOCKED_OUT,
                            "too many wrong tokens from this address; try again in a minute");
        }
    }

    private void onFrame(byte[] payload, boolean keyframe) {
        if (handshake.format() == Format.MJPEG && !JpegInfo.looksComplete(payload)) {
            counters.malformed(0, 1);
            if (++badFramesInARow >= MAX_BAD_FRAMES_IN_A_ROW) {
                throw new BadStream(
                        new IngestException(
                                RejectReason.GARBAGE,
                                badFramesInARow + " frames in a row are not JPEGs"));
            }
            return;
        }
        badFramesInARow = 0;
        if (!publication.publish(payload, keyframe)) {
            throw new BadStream(
                    new IngestException(
                            RejectReason.TAKEN_OVER,
                            "another connection took over " + handshake.key()));
        }
        if (keyframe && framer instanceof DemuxingFramer demuxing) {
            demuxing.picture()
                    .ifPresent(
                            picture ->
                                    publication.describe(
                                            picture.width(), picture.height(), picture.codec()));
        }
    }

    private void reportMalformed() {
        if (framer != null) {
            counters.malformed(
                    framer.garbageBytes() - reportedGarbage,
                    framer.droppedFrames() - reportedDropped);
            reportedGarbage = framer.garbageBytes();
            reportedDropped = framer.droppedFrames();
        }
    }

    private void writeQuietly(String line) {
        ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        try {
            channel.write(out);
        } catch (IOException e) {
            LOG.debug("answering camera {}", remote, e);
        }
    }

    /**
     * Carries a counted failure out of the frame callback, which cannot throw checked exceptions.
     */
    static final class BadStream extends RuntimeException {
        private final IngestException failure;

        BadStream(IngestException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }

        IngestException failure() {
            return failure;
        }
    }
}

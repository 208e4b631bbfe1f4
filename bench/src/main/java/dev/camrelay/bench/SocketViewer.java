package dev.camrelay.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A viewer on one raw socket, driven by a {@link ViewerReader}: it sends one request, then parses
 * whatever arrives with its own small state machine. Raw NIO rather than an HTTP or WebSocket
 * client library, so that a thousand viewers cost the load tool little of the CPU the relay needs.
 * Fields are written by the reader thread and read by the main thread when it reports.
 */
abstract sealed class SocketViewer permits MjpegViewer, WsViewer {

    final int stream;
    private final Measurement m;
    private final long[] rec = new long[1];
    SocketChannel ch;
    volatile long received;
    volatile boolean ok,
            closed; // ok: the response was the expected one (200, or 101 for WebSocket)
    volatile long connectNs, firstFrameNs;
    boolean late; // a late joiner: only its join time counts

    SocketViewer(int stream, Measurement m) {
        this.stream = stream;
        this.m = m;
    }

    /**
     * The request bytes sent right after connect; {@code hostPort} is what the Host header names.
     */
    abstract byte[] request(String hostPort);

    /**
     * Parses what one read returned; {@code nowNs} is when it was read. Throws to drop the
     * connection.
     */
    abstract void onData(ByteBuffer b, long nowNs) throws IOException;

    /** A whole frame has arrived; {@code head} holds its first bytes, where the tag is. */
    final void frameDone(byte[] head, int headLen, long nowNs, long bytes) {
        if (firstFrameNs == 0 && ok)
            firstFrameNs = nowNs; // ok: a frame of the stream, not an error body
        if (!late) m.frameDone(stream, head, headLen, nowNs, bytes, rec);
        received = rec[0];
    }
}

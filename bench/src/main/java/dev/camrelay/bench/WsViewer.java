package dev.camrelay.bench;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One WebSocket viewer (Jetty client): one binary message per frame. Public: Jetty calls it. */
public final class WsViewer implements Session.Listener.AutoDemanding {

    final int stream;
    private final boolean h264;
    private final Measurement m;
    private final long[] rec = new long[1];
    volatile long received;
    volatile Session session;
    private final byte[] head = new byte[256];
    volatile long connectNs, firstFrameNs;
    volatile boolean firstIsKey; // H.264: a joiner must start at an IDR to decode anything
    boolean late;

    WsViewer(int stream, boolean h264, Measurement m) { this.stream = stream; this.h264 = h264; this.m = m; }

    @Override public void onWebSocketOpen(Session s) { session = s; }

    @Override public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long now = System.nanoTime();
        int n = Math.min(head.length, payload.remaining());
        payload.get(payload.position(), head, 0, n);
        if (firstFrameNs == 0) { firstFrameNs = now; firstIsKey = !h264 || H264.hasIdr(payload); }
        if (!late) m.frameDone(stream, head, n, now, payload.remaining(), rec);
        received = rec[0];
        callback.succeed();
    }

    @Override public void onWebSocketClose(int code, String reason) { session = null; }

    @Override public void onWebSocketError(Throwable t) { session = null; }
}

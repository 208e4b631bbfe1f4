package dev.camrelay.bench;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One WebSocket viewer (Jetty client): one binary message per frame. Public: Jetty calls it. */
public final class WsViewer implements Session.Listener.AutoDemanding {

    final int stream;
    private final String format;
    private final Measurement m;
    private final long[] rec = new long[1];
    volatile long received;
    volatile Session session;
    /** Where the tag is looked for; a TS keyframe has it after the PAT/PMT copies and the PES header (439 bytes in). */
    private final byte[] head = new byte[1024];
    volatile long connectNs, firstFrameNs;
    volatile boolean firstIsKey; // H.264 and TS: a joiner must start at a keyframe to decode anything
    boolean late;

    WsViewer(int stream, String format, Measurement m) { this.stream = stream; this.format = format; this.m = m; }

    @Override public void onWebSocketOpen(Session s) { session = s; }

    @Override public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long now = System.nanoTime();
        int n = Math.min(head.length, payload.remaining());
        payload.get(payload.position(), head, 0, n);
        if (firstFrameNs == 0) { firstFrameNs = now; firstIsKey = keyframe(payload); }
        if (!late) m.frameDone(stream, head, n, now, payload.remaining(), rec);
        received = rec[0];
        callback.succeed();
    }

    private boolean keyframe(ByteBuffer payload) {
        return switch (format) {
            case "h264" -> H264.hasIdr(payload);
            case "ts" -> Ts.startsAtKeyframe(payload);
            default -> true;
        };
    }

    @Override public void onWebSocketClose(int code, String reason) { session = null; }

    @Override public void onWebSocketError(Throwable t) { session = null; }
}

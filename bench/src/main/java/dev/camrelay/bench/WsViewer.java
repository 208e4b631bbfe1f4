package dev.camrelay.bench;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket viewer on a raw socket: the RFC 6455 upgrade, then an incremental frame parser. The
 * relay sends one binary message per frame (Jetty may fragment it); fragments are joined logically,
 * not copied: only the first {@link #HEAD} bytes of a message are kept, the rest is counted.
 * Control frames may come between fragments; pings are answered, as the relay pings viewers that
 * had nothing to receive for a while.
 */
final class WsViewer extends SocketViewer {

    /**
     * Where the tag is looked for; a TS keyframe has it after the PAT/PMT copies and the PES header
     * (439 bytes in, 815 when the sender's own PAT/PMT travel with it).
     */
    private static final int HEAD = 1024;

    private static final int CONT = 0x0,
            TEXT = 0x1,
            BINARY = 0x2,
            CLOSE = 0x8,
            PING = 0x9,
            PONG = 0xA;

    private enum State {
        HANDSHAKE,
        HEADER,
        PAYLOAD
    }

    private final String format;
    private String key;
    private State state = State.HANDSHAKE;
    private final byte[] resp = new byte[4096];
    private int respLen;
    private final byte[] hdr = new byte[10];
    private int hdrLen, hdrNeed = 2; // 2 bytes, + 2 or 8 of extended length
    private boolean fin;
    private int opcode;
    private long remaining; // the frame being read
    private boolean inMessage;
    private long messageBytes; // a data message whose last fragment has not come yet
    private final byte[] head = new byte[HEAD];
    private int headLen;
    private final byte[] control = new byte[125];
    private int controlLen; // RFC 6455: control payloads are at most 125 bytes
    volatile boolean
            firstIsKey; // H.264 and TS: a joiner must start at a keyframe to decode anything

    WsViewer(int stream, String format, Measurement m) {
        super(stream, m);
        this.format = format;
    }

    @Override
    byte[] request(String hostPort) {
        key = WsHandshake.newKey();
        return WsHandshake.request("/ws/bench" + stream, hostPort, key);
    }

    @Override
    void onData(ByteBuffer b, long now) throws IOException {
        while (b.hasRemaining() && !closed) {
            switch (state) {
                case HANDSHAKE -> handshake(b.get());
                case HEADER -> {
                    hdr[hdrLen++] = b.get();
                    if (hdrLen == hdrNeed) header(now);
                }
                case PAYLOAD -> payload(b, now);
            }
        }
    }

    private void handshake(byte c) throws ProtocolException {
        if (respLen == resp.length)
            throw new ProtocolException("upgrade response headers over " + resp.length + " bytes");
        resp[respLen++] = c;
        if (c == '\n'
                && respLen >= 4
                && resp[respLen - 2] == '\r'
                && resp[respLen - 3] == '\n'
                && resp[respLen - 4] == '\r') {
            WsHandshake.check(new String(resp, 0, respLen, StandardCharsets.ISO_8859_1), key);
            ok = true;
            state = State.HEADER;
        }
    }

    /**
     * Called when {@code hdrNeed} header bytes are in: either asks for the extended length or
     * starts the payload.
     */
    private void header(long now) throws IOException {
        if (hdrLen == 2) {
            if ((hdr[0] & 0x70) != 0)
                throw new ProtocolException("RSV bits set, but no extension was negotiated");
            if ((hdr[1] & 0x80) != 0) throw new ProtocolException("masked frame from the server");
            fin = (hdr[0] & 0x80) != 0;
            opcode = hdr[0] & 0x0F;
            int len7 = hdr[1] & 0x7F;
            if (len7 == 126) {
                hdrNeed = 4;
                return;
            }
            if (len7 == 127) {
                hdrNeed = 10;
                return;
            }
            startPayload(len7, now);
        } else {
            long len = 0;
            for (int i = 2; i < hdrLen; i++) len = len << 8 | (hdr[i] & 0xFF);
            if (len < 0) throw new ProtocolException("64-bit length with the top bit set");
            startPayload(len, now);
        }
    }

    private void startPayload(long len, long now) throws IOException {
        if (opcode >= CLOSE) {
            if (opcode > PONG) throw new ProtocolException("unknown control opcode " + opcode);
            if (!fin || len > control.length)
                throw new ProtocolException("fragmented or oversized control frame");
            controlLen = 0;
        } else if (opcode == CONT) {
            if (!inMessage) throw new ProtocolException("continuation frame without a message");
        } else if (opcode == TEXT || opcode == BINARY) {
            if (inMessage)
                throw new ProtocolException("new message before the last one's final fragment");
            inMessage = true;
            messageBytes = 0;
            headLen = 0;
        } else {
            throw new ProtocolException("unknown data opcode " + opcode);
        }
        remaining = len;
        state = State.PAYLOAD;
        if (len == 0) endFrame(now);
    }

    private void payload(ByteBuffer b, long now) throws IOException {
        int n = (int) Math.min(remaining, b.remaining());
        if (opcode >= CLOSE) {
            b.get(control, controlLen, n);
            controlLen += n;
        } else {
            int keep = Math.min(n, HEAD - headLen);
            b.get(head, headLen, keep);
            headLen += keep;
            b.position(b.position() + n - keep);
            messageBytes += n;
        }
        remaining -= n;
        if (remaining == 0) endFrame(now);
    }

    /**
     * The frame's last byte is in; for the final fragment of a data message, that is the message's
     * receive time.
     */
    private void endFrame(long now) throws IOException {
        state = State.HEADER;
        hdrLen = 0;
        hdrNeed = 2;
        if (opcode == PING) {
            send(PONG); // same payload, as RFC 6455 asks
        } else if (opcode == CLOSE) {
            send(CLOSE); // echo the status code, then the reader drops the connection
            closed = true;
        } else if (opcode < CLOSE && fin) {
            inMessage = false;
            if (firstFrameNs == 0) firstIsKey = keyframe();
            frameDone(head, headLen, now, messageBytes);
        }
    }

    private boolean keyframe() {
        return switch (format) {
            case "h264" -> H264.hasIdr(head, headLen);
            case "ts" -> Ts.startsAtKeyframe(head, headLen);
            default -> true;
        };
    }

    /**
     * Sends a control frame with the payload just received (close: only its status code), masked as
     * every client frame must be. A few bytes on a socket this viewer never writes otherwise, so
     * the non-blocking write takes them whole.
     */
    private void send(int op) throws IOException {
        int len = op == CLOSE ? Math.min(controlLen, 2) : controlLen;
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteBuffer f = ByteBuffer.allocate(6 + len);
        f.put((byte) (0x80 | op)).put((byte) (0x80 | len)).put(mask);
        for (int i = 0; i < len; i++) f.put((byte) (control[i] ^ mask[i & 3]));
        f.flip();
        ch.write(f);
        if (f.hasRemaining()) throw new IOException("control frame not written whole");
    }
}

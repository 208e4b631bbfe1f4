package dev.camrelay.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The far side of /ws/<name>: Jetty's WebSocket client, recording every binary message with its
 * arrival time. It demands frames explicitly, so a test can pause it like a frozen phone: Jetty
 * then stops reading and TCP pushes back on the server.
 */
public final class WsViewer extends Session.Listener.Abstract implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile String extensions;
    private volatile boolean paused;
    private volatile long connectNanos;

    public static WsViewer connect(int httpPort, String pathAndQuery) throws Exception {
        return connect(httpPort, pathAndQuery, null);
    }

    /**
     * Connects as a browser page from {@code origin} would (null: no Origin header, as non-browser
     * clients).
     */
    public static WsViewer connect(int httpPort, String pathAndQuery, String origin)
            throws Exception {
        WsViewer viewer = new WsViewer();
        viewer.client.setMaxBinaryMessageSize(16 * 1024 * 1024);
        viewer.client.start();
        viewer.connectNanos = System.nanoTime();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions("permessage-deflate");
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        Session session =
                viewer.client
                        .connect(
                                viewer,
                                URI.create("ws://127.0.0.1:" + httpPort + pathAndQuery),
                                request)
                        .get(10, TimeUnit.SECONDS);
        viewer.extensions =
                String.valueOf(session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions"));
        return viewer;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        super.onWebSocketOpen(session);
        session.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        arrivals.add(System.nanoTime());
        messages.add(copy);
        callback.succeed();
        if (!paused) {
            getSession().demand();
        }
    }

    /**
     * Counted, answered as a browser would, and, as with every frame under explicit demand,
     * followed by a demand for the next.
     */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        pings.incrementAndGet();
        getSession().sendPong(payload, Callback.NOOP);
        if (!paused) {
            getSession().demand();
        }
    }

    /** Pings received from the server so far. */
    public int pings() {
        return pings.get();
    }

    /**
     * {@link System#nanoTime()} when the upgrade request was sent (after the client itself
     * started).
     */
    public long connectNanos() {
        return connectNanos;
    }

    /** Sends a text message to the server. */
    public void say(String text) {
        getSession().sendText(text, Callback.NOOP);
    }

    /** Stops reading: the server's sends back up as with a stalled client. */
    public void pause() {
        paused = true;
    }

    /** Reads again. */
    public void resume() {
        paused = false;
        getSession().demand();
    }

    /**
     * {@link System#nanoTime()} when the next message (in order) arrived; pairs with {@link
     * #next()}.
     */
    public long nextArrival() throws InterruptedException {
        Long at = arrivals.poll(10, TimeUnit.SECONDS);
        if (at == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return at;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeCode.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeCode.complete(-1);
    }

    /** The next binary message, failing after the timeout. */
    public byte[] next() throws InterruptedException {
        byte[] message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return message;
    }

    /** The close code the server sent, waiting up to the timeout. */
    public int closeCode(int timeoutMs) throws Exception {
        return closeCode.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The Sec-WebSocket-Extensions the server accepted ("null" when none). */
    public String negotiatedExtensions() {
        return extensions;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}

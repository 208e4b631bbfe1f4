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
 * A WebSocket viewer for the view-auth tests: may send a Cookie header with the upgrade, counts
 * every binary message it ever received, and reports the close code the server sent.
 */
public final class ViewAuthWs extends Session.Listener.Abstract implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger received = new AtomicInteger();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    public static ViewAuthWs connect(int httpPort, String pathAndQuery, String cookieHeader)
            throws Exception {
        ViewAuthWs viewer = new ViewAuthWs();
        viewer.client.setMaxBinaryMessageSize(16 * 1024 * 1024);
        viewer.client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (cookieHeader != null) {
            request.setHeader("Cookie", cookieHeader);
        }
        viewer.client
                .connect(viewer, URI.create("ws://127.0.0.1:" + httpPort + pathAndQuery), request)
                .get(10, TimeUnit.SECONDS);
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
        received.incrementAndGet();
        messages.add(copy);
        callback.succeed();
        getSession().demand();
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

    /** The next binary message, failing after 10 s. */
    public byte[] next() throws InterruptedException {
        byte[] message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return message;
    }

    /** Every binary message received so far. */
    public int received() {
        return received.get();
    }

    /** The close code the server sent, waiting up to the timeout. */
    public int closeCode(int timeoutMs) throws Exception {
        return closeCode.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}

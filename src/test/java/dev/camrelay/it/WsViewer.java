package dev.camrelay.it;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** The far side of /ws/<name>: Jetty's WebSocket client, recording every binary message. */
public final class WsViewer extends Session.Listener.AbstractAutoDemanding implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String extensions;

    static WsViewer connect(int httpPort, String pathAndQuery) throws Exception {
        WsViewer viewer = new WsViewer();
        viewer.client.setMaxBinaryMessageSize(16 * 1024 * 1024);
        viewer.client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions("permessage-deflate");
        Session session = viewer.client.connect(viewer, URI.create("ws://127.0.0.1:" + httpPort + pathAndQuery), request)
                .get(10, TimeUnit.SECONDS);
        viewer.extensions = String.valueOf(session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions"));
        return viewer;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        messages.add(copy);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeCode.complete(statusCode);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeCode.complete(-1);
    }

    /** The next binary message, failing after the timeout. */
    byte[] next() throws InterruptedException {
        byte[] message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return message;
    }

    /** The close code the server sent, waiting up to the timeout. */
    int closeCode(int timeoutMs) throws Exception {
        return closeCode.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The Sec-WebSocket-Extensions the server accepted ("null" when none). */
    String negotiatedExtensions() {
        return extensions;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}

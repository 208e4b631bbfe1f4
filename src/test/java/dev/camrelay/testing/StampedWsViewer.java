package dev.camrelay.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The far side of /ws/<name> for text and binary alike: every message in arrival order (a text
 * message as a String, a binary one as a byte[]), and the close code and reason. Reads as fast as
 * the server sends.
 */
public final class StampedWsViewer implements Session.Listener.AutoDemanding, AutoCloseable {
    /** A close as the server sent it. */
    public record Close(int code, String reason) {}

    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile Session session;

    public static StampedWsViewer connect(int httpPort, String pathAndQuery) throws Exception {
        StampedWsViewer viewer = new StampedWsViewer();
        viewer.client.setMaxBinaryMessageSize(16 * 1024 * 1024);
        viewer.client.start();
        viewer.client
                .connect(viewer, URI.create("ws://127.0.0.1:" + httpPort + pathAndQuery))
                .get(10, TimeUnit.SECONDS);
        return viewer;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String message) {
        messages.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        messages.add(copy);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closed.complete(new Close(statusCode, reason));
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(new Close(-1, String.valueOf(cause)));
    }

    /** The next message (String or byte[]), failing after 10 s. */
    public Object next() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return message;
    }

    /** Sends a text message to the server. */
    public void say(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** How the server closed the socket, waiting up to the timeout. */
    public Close closed(int timeoutMs) throws Exception {
        return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}

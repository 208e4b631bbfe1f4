package dev.camrelay.web.ws;

import dev.camrelay.web.JettyClasses;
import jakarta.websocket.Session;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A ping that does not wait for the socket. Jakarta's {@code sendPing} blocks its caller until the
 * ping is written, which on a viewer whose socket buffer is full lasts until Jetty's idle timeout:
 * the housekeeping thread that pings would stop stall checks, keep-alive repeats and offline
 * expiry for every stream meanwhile. Jetty's core session queues the ping and reports by callback.
 * Used where the webapp can see Jetty's classes, as on the relay's embedded Jetty. Where a
 * container hides them, as {@code mvn jetty:run} does (checked: pings still arrive there),
 * viewers keep Jakarta's ping. The check runs before any reference to Jetty here must resolve.
 */
final class CorePing {
    private static final boolean AVAILABLE = JettyClasses.visible(CorePing.class,
            "org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession", "org.eclipse.jetty.websocket.core.CoreSession");

    private final CoreSession session;

    private CorePing(CoreSession session) {
        this.session = session;
    }

    /** The non-blocking ping of this session, when the container lets us see it. */
    static Optional<CorePing> of(Session session) {
        return AVAILABLE && session instanceof JakartaWebSocketSession jetty ? Optional.of(new CorePing(jetty.getCoreSession())) : Optional.empty();
    }

    /** Queues an empty ping; {@code failed} is told if it cannot be written. */
    void send(Consumer<Throwable> failed) {
        session.sendFrame(new Frame(OpCode.PING), Callback.from(() -> { }, failed), false);
    }
}

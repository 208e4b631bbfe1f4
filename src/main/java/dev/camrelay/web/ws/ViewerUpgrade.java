package dev.camrelay.web.ws;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.web.ViewerSendBuffer;
import dev.camrelay.web.auth.ViewAuth;
import dev.camrelay.web.auth.ViewGuard.Verdict;
import dev.camrelay.web.latency.LatencyBoard;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;

/**
 * The upgrade decision for {@code /ws/<name>} (and the original server's {@code /stream<N>} as an
 * upgrade): a foreign origin gets 403 and missing or wrong credentials 401/403 as plain HTTP
 * answers, so nothing is upgraded for them; everyone else gets a {@link WsViewer}. Immutable.
 */
public final class ViewerUpgrade implements JettyWebSocketCreator {
    /** Viewers send at most latency reports: a bigger inbound message closes the socket (1009). */
    static final int MAX_INBOUND_BYTES = 4096;

    private final OriginCheck origins;
    private final ViewAuth viewAuth;
    private final WsViewer.Settings settings;

    private ViewerUpgrade(OriginCheck origins, ViewAuth viewAuth, WsViewer.Settings settings) {
        this.origins = origins;
        this.viewAuth = viewAuth;
        this.settings = settings;
    }

    /**
     * Maps the viewer routes on the context's Jetty WebSocket container, which the container's
     * initializer made (jetty:run) or {@code EmbeddedServer} configured. {@code viewAuth} is null
     * when view auth is off.
     */
    public static void install(
            ServletContext context,
            StreamRegistry registry,
            RelayConfig config,
            AutoQualityPolicy autoPolicy,
            ViewAuth viewAuth,
            Executor delivery,
            LatencyBoard<StreamKey> latency,
            ViewerSendBuffer sendBuffer) {
        JettyWebSocketServerContainer container =
                JettyWebSocketServerContainer.getContainer(context);
        if (container == null) {
            throw new IllegalStateException("no Jetty WebSocket container in this servlet context");
        }
        container.setMaxTextMessageSize(MAX_INBOUND_BYTES);
        container.setMaxBinaryMessageSize(MAX_INBOUND_BYTES);
        WsViewer.Settings settings =
                new WsViewer.Settings(
                        registry,
                        autoPolicy,
                        config.wsQueueFrames(),
                        config.wsQueueBytes(),
                        config.viewerStallTimeout().toNanos(),
                        config.wsPing().toNanos(),
                        delivery,
                        latency,
                        sendBuffer);
        ViewerUpgrade upgrade =
                new ViewerUpgrade(new OriginCheck(config.wsOrigins()), viewAuth, settings);
        container.addMapping("uri-template|/ws/{name}", upgrade);
        // the original server's /stream<N> as a WebSocket upgrade; the viewer refuses other names
        container.addMapping("uri-template|/{name}", upgrade);
    }

    @Override
    public Object createWebSocket(
            JettyServerUpgradeRequest request, JettyServerUpgradeResponse response)
            throws IOException {
        HttpServletRequest http = request.getHttpServletRequest();
        if (!origins.allows(request.getOrigin(), http.getLocalAddr(), http.getLocalPort())) {
            response.sendForbidden("origin not allowed; list it in ws.origins");
            return null;
        }
        if (viewAuth != null) {
            Verdict verdict = viewAuth.checkUpgrade(http);
            if (!verdict.allowed()) {
                if (verdict.outcome().httpStatus() == 401) {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"camrelay\"");
                }
                response.sendError(verdict.outcome().httpStatus(), verdict.message());
                return null;
            }
        }
        // video is already compressed: permessage-deflate would burn CPU for nothing
        response.setExtensions(List.of());
        String path = request.getRequestPath();
        boolean legacyRoute = !path.startsWith("/ws/");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new WsViewer(
                settings,
                name,
                legacyRoute,
                ViewerSendBuffer.socketOf(http),
                request.getParameterMap(),
                WsPayload.forViewer(request.getParameterMap()));
    }
}

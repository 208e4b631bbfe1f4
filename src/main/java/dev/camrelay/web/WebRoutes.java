package dev.camrelay.web;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.web.metrics.Metrics;
import dev.camrelay.web.ws.OriginCheck;
import dev.camrelay.web.ws.StreamEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Registers every servlet, filter and WebSocket endpoint on a servlet context. Called from the
 * lifecycle listener, so {@code mvn jetty:run} and {@code java -jar} get the same routes.
 */
public final class WebRoutes {
    private WebRoutes() {
    }

    public static void install(ServletContext context, StreamRegistry registry, RelayConfig config,
                               Health health, Supplier<Map<String, Object>> ingestStatus, PublishGate publishGate,
                               Executor delivery) throws DeploymentException {
        FilterRegistration.Dynamic headers = context.addFilter("security-headers", new SecurityHeadersFilter());
        headers.setAsyncSupported(true);
        headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        // view auth (issue 5): its filter first, plus /login, /logout, /api/sign; null and nothing installed when view.auth=false
        dev.camrelay.web.auth.ViewAuth viewAuth = dev.camrelay.web.auth.ViewAuth.install(context, config, registry);
        long stallNanos = config.viewerStallTimeout().toNanos();
        StreamLookup lookup = new StreamLookup(registry);
        AutoQualityPolicy autoPolicy = AutoQualityPolicy.of(config.autoDownFps(), config.autoUpFps(), config.autoWindow(), config.autoUpAfter());
        MjpegServlet mjpeg = new MjpegServlet(registry, autoPolicy, stallNanos, delivery);
        ServletRegistration.Dynamic mjpegRoute = context.addServlet("mjpeg", mjpeg);
        mjpegRoute.setAsyncSupported(true);
        mjpegRoute.addMapping("/mjpeg/*");
        context.addServlet("snapshot", new SnapshotServlet(lookup)).addMapping("/snapshot/*");
        ServletRegistration.Dynamic push = context.addServlet("ingest", new IngestServlet(registry, config.maxFrameBytes(), publishGate));
        push.setAsyncSupported(true);
        push.addMapping("/ingest/*");
        context.addServlet("api", new ApiServlet(registry, ingestStatus::get)).addMapping("/api/*");
        Metrics.install(context, registry, ingestStatus);
        context.addServlet("healthz", new HealthServlet(health.alive(), "ingest thread is not running")).addMapping("/healthz");
        context.addServlet("readyz", new HealthServlet(health.ready(), "not ready: a listener is not up")).addMapping("/readyz");
        FilterRegistration.Dynamic legacy = context.addFilter("legacy-stream", new LegacyStreamFilter(mjpeg));
        legacy.setAsyncSupported(true);
        legacy.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");

        ServerContainer websockets = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (websockets == null) {
            throw new IllegalStateException("no WebSocket container in this servlet context");
        }
        StreamEndpoint endpoint = new StreamEndpoint(registry, config, autoPolicy, delivery);
        OriginCheck origins = new OriginCheck(config.wsOrigins());
        ServerEndpointConfig.Configurator shared = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(endpoint);
            }

            // view auth (issue 5): check the upgrade's cookie/token; StreamEndpoint.onOpen enforces the verdict
            @Override
            public void modifyHandshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest request,
                                        jakarta.websocket.HandshakeResponse response) {
                if (!origins.allows(request.getHeaders())) {
                    sec.getUserProperties().put(OriginCheck.REFUSED, Boolean.TRUE);
                }
                if (viewAuth != null) {
                    viewAuth.recordHandshake(sec, request);
                }
            }

            @Override
            public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
                // video is already compressed: permessage-deflate would burn CPU for nothing
                return List.of();
            }
        };
        websockets.addEndpoint(ServerEndpointConfig.Builder.create(StreamEndpoint.class, "/ws/{name}").configurator(shared).build());
        // the original server's /stream<N> as a WebSocket upgrade; the endpoint refuses other names
        websockets.addEndpoint(ServerEndpointConfig.Builder.create(StreamEndpoint.class, "/{name}").configurator(shared).build());
    }
}

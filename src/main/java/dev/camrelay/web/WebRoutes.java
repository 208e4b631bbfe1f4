package dev.camrelay.web;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.PublishGate;
import dev.camrelay.stream.PulledSource;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.web.auth.ViewAuth;
import dev.camrelay.web.latency.LatencyBoard;
import dev.camrelay.web.metrics.Metrics;
import dev.camrelay.web.ws.ViewerUpgrade;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Registers every servlet, filter and WebSocket endpoint on a servlet context. Called from the
 * lifecycle listener, so {@code mvn jetty:run} and {@code java -jar} get the same routes.
 */
public final class WebRoutes {
    private WebRoutes() {}

    public static void install(
            ServletContext context,
            StreamRegistry registry,
            RelayConfig config,
            Health health,
            Supplier<Map<String, Object>> ingestStatus,
            Supplier<Map<StreamKey, PulledSource>> pulledSources,
            PublishGate publishGate,
            Executor delivery) {
        FilterRegistration.Dynamic headers =
                context.addFilter("security-headers", new SecurityHeadersFilter());
        headers.setAsyncSupported(true);
        headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        // view auth: its filter first, plus /login, /logout, /api/sign; null and nothing
        // installed when view.auth=false
        ViewAuth viewAuth = ViewAuth.install(context, config, registry);
        long stallNanos = config.viewerStallTimeout().toNanos();
        StreamLookup lookup = new StreamLookup(registry);
        AutoQualityPolicy autoPolicy =
                AutoQualityPolicy.of(
                        config.autoDownFps(),
                        config.autoUpFps(),
                        config.autoWindow(),
                        config.autoUpAfter());
        ViewerSendBuffer sendBuffer = new ViewerSendBuffer(config.httpSendBuffer());
        MjpegServlet mjpeg =
                new MjpegServlet(registry, autoPolicy, stallNanos, delivery, sendBuffer);
        ServletRegistration.Dynamic mjpegRoute = context.addServlet("mjpeg", mjpeg);
        mjpegRoute.setAsyncSupported(true);
        mjpegRoute.addMapping("/mjpeg/*");
        context.addServlet("snapshot", new SnapshotServlet(lookup)).addMapping("/snapshot/*");
        ServletRegistration.Dynamic push =
                context.addServlet(
                        "ingest", new IngestServlet(registry, config.maxFrameBytes(), publishGate));
        push.setAsyncSupported(true);
        push.addMapping("/ingest/*");
        LatencyBoard<StreamKey> latency = new LatencyBoard<>();
        context.addServlet(
                        "api",
                        new ApiServlet(
                                registry, ingestStatus, pulledSources, latency, config.viewAuth()))
                .addMapping("/api/*");
        Metrics.install(context, registry, ingestStatus);
        context.addServlet(
                        "healthz",
                        new HealthServlet(health.alive(), "ingest thread is not running"))
                .addMapping("/healthz");
        context.addServlet(
                        "readyz",
                        new HealthServlet(health.ready(), "not ready: a listener is not up"))
                .addMapping("/readyz");
        FilterRegistration.Dynamic legacy =
                context.addFilter("legacy-stream", new LegacyStreamFilter(mjpeg));
        legacy.setAsyncSupported(true);
        legacy.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");

        ViewerUpgrade.install(
                context, registry, config, autoPolicy, viewAuth, delivery, latency, sendBuffer);
    }
}

package dev.camrelay.web.metrics;

import dev.camrelay.stream.StreamRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics} in the Prometheus text format: the relay's own metrics plus process and JVM
 * metrics.
 */
public final class Metrics {
    private Metrics() {}

    public static void install(
            ServletContext context,
            StreamRegistry registry,
            Supplier<Map<String, Object>> ingestStatus) {
        // a registry of our own, not the global default: two relays in one JVM (tests) must not
        // collide
        PrometheusRegistry metrics = new PrometheusRegistry();
        JvmMetrics.builder().register(metrics);
        metrics.register(new RelayCollector(registry, ingestStatus));
        context.addServlet("metrics", new PrometheusMetricsServlet(metrics)).addMapping("/metrics");
    }
}

package dev.camrelay;

import dev.camrelay.config.ConfigKey;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.config.RelayConfig;
import dev.camrelay.web.Health;
import dev.camrelay.web.WebRoutes;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one wiring of both start paths. {@code mvn jetty:run} finds this listener by its annotation
 * and builds it with the no-argument constructor (config from system properties and environment);
 * {@link EmbeddedServer} adds an instance with its config. Either way the relay starts when the
 * context starts and stops when it stops.
 */
@WebListener
public final class RelayLifecycle implements ServletContextListener {
    private final RelayConfig config;
    private final BooleanSupplier httpReady;
    private volatile Relay relay;

    /** For a servlet container (jetty:run): reads the config of this process. */
    public RelayLifecycle() {
        this(ConfigLoader.fromProcess(Map.<ConfigKey, String>of(), new String[0]), () -> true);
    }

    RelayLifecycle(RelayConfig config, BooleanSupplier httpReady) {
        this.config = config;
        this.httpReady = httpReady;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            relay = Relay.start(config);
            Relay started = relay;
            Health health =
                    new Health(
                            started::ingestAlive,
                            () -> started.ingestAlive() && httpReady.getAsBoolean());
            WebRoutes.install(
                    context,
                    started.registry(),
                    config,
                    health,
                    started::ingestStatus,
                    started::pulledSources,
                    started.publishGate(),
                    started.delivery());
        } catch (IOException e) {
            close();
            throw new IllegalStateException("camrelay failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        close();
    }

    /** The running relay, or null before the context started. */
    Relay relay() {
        return relay;
    }

    private void close() {
        Relay running = relay;
        if (running != null) {
            running.close();
        }
    }
}

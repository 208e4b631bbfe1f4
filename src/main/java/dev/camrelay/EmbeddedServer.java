package dev.camrelay;

import dev.camrelay.config.RelayConfig;
import java.io.IOException;
import java.net.BindException;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The relay on an embedded Jetty ({@code java -jar}, and the integration tests on port 0). Serves
 * the webroot from the classpath and installs the same {@link RelayLifecycle} that {@code mvn
 * jetty:run} uses.
 */
public final class EmbeddedServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final RelayLifecycle lifecycle;
    private final HeaderDeadline headerDeadline;

    private EmbeddedServer(
            Server server,
            ServerConnector connector,
            RelayLifecycle lifecycle,
            HeaderDeadline headerDeadline) {
        this.server = server;
        this.connector = connector;
        this.lifecycle = lifecycle;
        this.headerDeadline = headerDeadline;
    }

    public static EmbeddedServer start(RelayConfig config) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("camrelay-http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(config.httpPort());
        if (config.httpSendBuffer() > 0) {
            connector.setAcceptedSendBufferSize(config.httpSendBuffer());
        }
        server.addConnector(connector);
        // past the limit Jetty stops accepting: new viewers wait in the accept queue instead of
        // exhausting memory
        server.addBean(new NetworkConnectionLimit(config.httpMaxConnections(), connector));

        ServletContextHandler context = new ServletContextHandler("/");
        Resource webroot = ResourceFactory.of(context).newClassLoaderResource("webapp/");
        if (webroot == null) {
            throw new IOException("webroot 'webapp/' is missing from the classpath");
        }
        context.setBaseResource(webroot);
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        RelayLifecycle lifecycle = new RelayLifecycle(config, connector::isRunning);
        context.addEventListener(lifecycle);
        server.setHandler(context);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (IOException e) {
            server.stop();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new BindException(
                        "HTTP port "
                                + config.httpPort()
                                + " is not available ("
                                + e.getMessage()
                                + "): stop what holds it, or choose another with --http.port=N");
            }
            throw e;
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new EmbeddedServer(
                server,
                connector,
                lifecycle,
                HeaderDeadline.start(connector, config.httpHeaderTimeout()));
    }

    public int httpPort() {
        return connector.getLocalPort();
    }

    public int ingestPort() {
        return lifecycle.relay().ingestPort();
    }

    /**
     * Stops the relay first, which ends every viewer's never-ending response, so Jetty's graceful
     * stop then has no open request to wait for; then stops Jetty.
     */
    @Override
    public void close() throws Exception {
        headerDeadline.close();
        Relay relay = lifecycle.relay();
        if (relay != null) {
            relay.close();
        }
        server.stop();
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.RawWs;
import dev.camrelay.testing.WsViewer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ListenerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay deployed the way {@code mvn jetty:run} deploys it: a {@link WebAppContext} whose class
 * loader holds our classes and every dependency jar (Jetty's included, as the plugin gives the
 * webapp the project's compile scope), configured by the plugin's context XML, and hiding Jetty's
 * classes except the ones Jetty (or that XML) exposes. The demo cameras publish through the real
 * ingest port; MJPEG and WebSocket viewers watch them.
 */
class JettyRunIT {
    private static Server server;
    private static WebAppContext webapp;
    private static int port;

    @BeforeAll
    static void deploy() throws Exception {
        System.setProperty("camrelay.demo", "true");
        System.setProperty("camrelay.ingest.port", "0");
        System.setProperty("camrelay.ingest.host", "127.0.0.1");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        webapp = new WebAppContext();
        webapp.setContextPath("/");
        Path classes = Path.of("target/classes").toAbsolutePath();
        webapp.setBaseResource(ResourceFactory.of(webapp).newResource(classes.resolve("webapp")));
        // what the plugin puts on the webapp's class path: our classes and the dependency jars
        String webappClassPath =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(
                                entry ->
                                        !Path.of(entry)
                                                .toAbsolutePath()
                                                .equals(
                                                        Path.of("target/test-classes")
                                                                .toAbsolutePath()))
                        .collect(Collectors.joining(","));
        webapp.setExtraClasspath(webappClassPath);
        webapp.setAttribute("org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern", "^$");
        // the plugin finds RelayLifecycle by its @WebListener annotation; here it is named, as in a
        // web.xml
        ListenerHolder lifecycle = new ListenerHolder();
        lifecycle.setClassName("dev.camrelay.RelayLifecycle");
        webapp.getServletHandler().addListener(lifecycle);
        Path contextXml = Path.of("src/main/jetty/jetty-run-context.xml");
        assertTrue(Files.isRegularFile(contextXml), "the plugin's context XML");
        new XmlConfiguration(ResourceFactory.of(webapp).newResource(contextXml)).configure(webapp);
        server.setHandler(webapp);
        server.start();
        port = connector.getLocalPort();
        assertTrue(webapp.isAvailable(), "the webapp started");
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * The premise: the webapp has its own copy of hidden Jetty classes, and the container's
     * HttpOutput and WebSocket API.
     */
    @Test
    void theWebappSeesJettyAsThePluginShowsIt() throws Exception {
        ClassLoader loader = webapp.getClassLoader();
        Class<?> lifecycle = loader.loadClass("dev.camrelay.RelayLifecycle");
        assertSame(
                loader,
                lifecycle.getClassLoader(),
                "the relay's classes come from the webapp's class loader");
        assertNotSame(
                ServletContextHandler.class,
                loader.loadClass(ServletContextHandler.class.getName()),
                "hidden Jetty classes resolve to the webapp's own copy");
        assertSame(
                HttpOutput.class,
                loader.loadClass(HttpOutput.class.getName()),
                "HttpOutput is the container's");
        assertSame(
                Session.class,
                loader.loadClass(Session.class.getName()),
                "the Jetty WebSocket API is the container's");
    }

    @Test
    void mjpegViewersGetTheDemoCamera() throws Exception {
        RelayFixture.await(
                "demo1 live", Duration.ofSeconds(30), () -> streams().contains("\"demo1\""));
        try (MjpegReader reader = MjpegReader.open(port, "/mjpeg/demo1")) {
            assertEquals(200, reader.status());
            byte[] first = reader.nextJpeg();
            byte[] second = reader.nextJpeg();
            assertTrue(first.length > 100 && second.length > 100, "whole JPEGs");
        }
    }

    @Test
    void webSocketViewersGetTheDemoCameraAndForeignPagesAreRefused() throws Exception {
        RelayFixture.await(
                "demo-h264 live",
                Duration.ofSeconds(30),
                () -> streams().contains("\"demo-h264\""));
        assertEquals(
                403, RawWs.upgradeStatus(port, "/ws/demo-h264", "Origin: https://evil.example"));
        try (WsViewer viewer =
                WsViewer.connect(port, "/ws/demo-h264", "http://127.0.0.1:" + port)) {
            assertEquals("null", viewer.negotiatedExtensions(), "permessage-deflate stays off");
            byte[] accessUnit = viewer.next();
            assertTrue(
                    accessUnit.length > 4 && accessUnit[0] == 0 && accessUnit[1] == 0,
                    "an Annex B access unit");
            viewer.next();
        }
    }

    private static String streams() throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + port
                                                                + "/api/streams"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }
}

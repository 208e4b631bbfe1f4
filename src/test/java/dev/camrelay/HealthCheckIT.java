package dev.camrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.config.ConfigLoader;
import dev.camrelay.config.RelayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container health probe against the whole relay on ephemeral ports: 0 when {@code /readyz}
 * answers 200, 1 for a closed port, a non-200 answer or a server that never answers; and the exact
 * command lines of the Dockerfile's {@code HEALTHCHECK} run as separate JVMs on the built jar.
 */
class HealthCheckIT {
    /** The JVM flags of the Dockerfile's HEALTHCHECK (keep in step with it and stack.yml). */
    private static final List<String> PROBE_JVM_FLAGS =
            List.of(
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xmx32m",
                    "-Xshare:auto",
                    "-XX:-UsePerfData");

    /** A deadline for a live relay's answer, not a limit on how fast it must come. */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private static EmbeddedServer server;

    @BeforeAll
    static void startRelay() throws Exception {
        RelayConfig config =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(),
                        new Properties(),
                        new String[] {
                            "--http.port=0", "--ingest.port=0", "--ingest.host=127.0.0.1"
                        });
        server = EmbeddedServer.start(config);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Test
    void readyRelayIsHealthy() {
        Probe probe = probe(base() + "/readyz");
        assertEquals(0, probe.status, probe.output);
        assertTrue(probe.output.startsWith("healthy: " + base() + "/readyz 200"), probe.output);
        assertEquals(1, probe.output.lines().count(), "one line: " + probe.output);
    }

    @Test
    void livenessEndpointAlsoWorks() {
        Probe probe = probe(base() + "/healthz");
        assertEquals(0, probe.status, probe.output);
    }

    @Test
    void defaultTargetIsReadyzOnThePortFromTheEnvironment() {
        URI target =
                HealthCheck.defaultTarget(
                        Map.of("CAMRELAY_HTTP_PORT", String.valueOf(server.httpPort())));
        assertEquals(URI.create(base() + "/readyz"), target);
        Probe probe = probe(target.toString());
        assertEquals(0, probe.status, probe.output);
        assertEquals(
                URI.create("http://127.0.0.1:8080/readyz"), HealthCheck.defaultTarget(Map.of()));
    }

    @Test
    void closedPortIsUnhealthy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Probe probe = probe("http://127.0.0.1:" + port + "/readyz");
        assertEquals(1, probe.status, probe.output);
        assertTrue(probe.output.startsWith("unhealthy: "), probe.output);
        assertTrue(
                probe.output.toLowerCase(Locale.ROOT).contains("connection refused"), probe.output);
    }

    @Test
    void non200IsUnhealthy() {
        Probe probe = probe(base() + "/no-such-endpoint");
        assertEquals(1, probe.status, probe.output);
        assertTrue(probe.output.contains(" 404"), probe.output);
    }

    @Test
    void silentServerIsUnhealthyWithinTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor =
                    new Thread(
                            () -> {
                                List<Socket> held = new ArrayList<>();
                                try {
                                    while (true) {
                                        held.add(silent.accept()); // accept, read nothing, answer
                                        // nothing
                                    }
                                } catch (IOException closed) {
                                    held.forEach(HealthCheckIT::closeQuietly);
                                }
                            },
                            "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            // The outcome, not the clock: the probe returns, and says a deadline ended it (its own
            // overall one, or the connection's read timeout if that thread wakes first).
            String target = "http://127.0.0.1:" + silent.getLocalPort() + "/readyz";
            Probe probe = probeAsCommand(target);
            assertEquals(1, probe.status, probe.output);
            assertTrue(
                    probe.output.equals(
                                    "unhealthy: "
                                            + target
                                            + " did not answer within "
                                            + HealthCheck.TIMEOUT.toMillis()
                                            + " ms"
                                            + System.lineSeparator())
                            || probe.output.startsWith(
                                    "unhealthy: " + target + ": SocketTimeoutException"),
                    probe.output);
        }
    }

    @Test
    void badInputIsUnhealthyNeverExitTwo() {
        assertEquals(
                1, HealthCheck.run(new String[0], Map.of("CAMRELAY_HTTP_PORT", "eighty"), quiet()));
        assertEquals(1, HealthCheck.run(new String[0], Map.of("CAMRELAY_HTTP_PORT", "0"), quiet()));
        assertEquals(
                1, HealthCheck.run(new String[] {"ftp://127.0.0.1/readyz"}, Map.of(), quiet()));
        assertEquals(1, HealthCheck.run(new String[] {"a", "b"}, Map.of(), quiet()));
        assertEquals(0, HealthCheck.run(new String[] {"--help"}, Map.of(), quiet()));
    }

    /** The Dockerfile's HEALTHCHECK command line, as its own light JVM on the shaded jar. */
    @Test
    void dockerfileHealthcheckCommandOnTheJar() throws Exception {
        Path jar = Path.of("target", "camrelay.jar");
        Assumptions.assumeTrue(
                Files.isRegularFile(jar), "target/camrelay.jar is built by the package phase");
        List<String> cp = new ArrayList<>(PROBE_JVM_FLAGS);
        cp.addAll(List.of("-cp", jar.toString(), "dev.camrelay.HealthCheck"));
        assertEquals(
                0, runJava(cp, Map.of("CAMRELAY_HTTP_PORT", String.valueOf(server.httpPort()))));
        assertEquals(1, runJava(cp, Map.of("CAMRELAY_HTTP_PORT", String.valueOf(closedPort()))));

        List<String> sub = new ArrayList<>(PROBE_JVM_FLAGS);
        sub.addAll(List.of("-jar", jar.toString(), "healthcheck", base() + "/readyz"));
        assertEquals(0, runJava(sub, Map.of()));
    }

    private static int runJava(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "probe JVM did not exit");
        assertEquals(1, output.lines().count(), "one line of output: " + output);
        return process.exitValue();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Probes with a deadline far beyond the probe's own: a live relay's answer is the outcome here,
     * and on a busy machine it may take longer than {@link HealthCheck#TIMEOUT}.
     */
    private static Probe probe(String url) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status =
                HealthCheck.check(
                        URI.create(url),
                        PATIENT,
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Probe(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** Probes as the command line does, with the probe's own deadline. */
    private static Probe probeAsCommand(String url) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status =
                HealthCheck.run(
                        new String[] {url},
                        Map.of(),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Probe(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }

    private record Probe(int status, String output) {}
}

package dev.camrelay.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The relay under test: a child process this tool started, or one it was pointed at with {@code
 * --connect} (then {@link #process} is null and it is never stopped by us).
 */
final class RelayServer {

    final String host;
    final int httpPort, ingestPort;
    final long pid;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RelayServer(String host, int httpPort, int ingestPort, long pid, Process process) {
        this.host = host;
        this.httpPort = httpPort;
        this.ingestPort = ingestPort;
        this.pid = pid;
        this.process = process;
    }

    /**
     * {@code host:httpPort:ingestPort[:pid]}; without a pid, server CPU and memory are not
     * measured.
     */
    static RelayServer connect(String spec) {
        String[] p = spec.split(":");
        return new RelayServer(
                p[0],
                Integer.parseInt(p[1]),
                Integer.parseInt(p[2]),
                p.length > 3 ? Long.parseLong(p[3]) : -1,
                null);
    }

    /**
     * Starts the relay jar on two free ports and waits (30 s at most) until /readyz answers 200.
     */
    static RelayServer start(BenchOptions o) throws Exception {
        int httpPort = freePort(), ingestPort = freePort();
        List<String> cmd = new ArrayList<>();
        if (o.serverCpus() != null) cmd.addAll(List.of("taskset", "-c", o.serverCpus()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + o.serverHeap());
        if (!o.serverOpts().isBlank())
            cmd.addAll(Arrays.asList(o.serverOpts().trim().split("\\s+")));
        cmd.addAll(
                List.of(
                        "-jar",
                        o.jar(),
                        "--http.port=" + httpPort,
                        "--ingest.port=" + ingestPort,
                        "--ingest.host=127.0.0.1"));
        if (!o.serverArgs().isBlank())
            cmd.addAll(Arrays.asList(o.serverArgs().trim().split("\\s+")));
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "camrelay-bench-server.log");
        Process server =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        RelayServer relay =
                new RelayServer("127.0.0.1", httpPort, ingestPort, server.pid(), server);
        System.err.println(
                "server pid " + relay.pid + ": " + String.join(" ", cmd) + " (log " + log + ")");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IllegalStateException("relay exited, see " + log);
            String r = relay.httpGet("/readyz");
            if (r != null) return relay;
            Thread.sleep(100);
        }
        throw new IllegalStateException("relay not ready in 30 s");
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The body of a 200 response, else null (any error counts as "not there"). */
    String httpGet(String path) {
        try {
            var resp =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://" + host + ":" + httpPort + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? resp.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The value of one Prometheus sample line from /metrics, or null. */
    String metric(String name) {
        String m = httpGet("/metrics");
        if (m == null) return null;
        for (String line : m.split("\n"))
            if (line.startsWith(name + " ")) return line.substring(name.length() + 1).trim();
        return null;
    }

    /** Heap after a full GC is the live set; jcmd from this JDK, as the relay runs on it too. */
    void fullGc() throws Exception {
        if (pid <= 0) return;
        Process gc =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                Long.toString(pid),
                                "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        gc.waitFor(10, TimeUnit.SECONDS);
    }

    /** For the shutdown hook: no wait, the JVM is going down anyway. */
    void destroy() {
        if (process != null) process.destroy();
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

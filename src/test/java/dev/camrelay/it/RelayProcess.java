package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar in a child JVM, as an operator runs it, with its log in a file: for tests that
 * need the process's own resources (file descriptor limits) or its real log output.
 */
final class RelayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int ingestPort;

    private RelayProcess(Process process, Path log, int httpPort, int ingestPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.ingestPort = ingestPort;
    }

    static RelayProcess start(String... overrides) throws Exception {
        Path jar = Path.of("target", "camrelay.jar");
        assertTrue(
                Files.isRegularFile(jar), "the shaded jar is built before integration tests run");
        int http = freePort();
        int ingest = freePort();
        Path log = Files.createTempFile("camrelay-process", ".log");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                jar.toString(),
                                "--http.port=" + http,
                                "--ingest.port=" + ingest,
                                "--ingest.host=127.0.0.1"));
        command.addAll(List.of(overrides));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        RelayProcess relay = new RelayProcess(process, log, http, ingest);
        try {
            RelayFixture.await("relay up", Duration.ofSeconds(30), relay::ready);
        } catch (Exception | AssertionError e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    int httpPort() {
        return httpPort;
    }

    int ingestPort() {
        return ingestPort;
    }

    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The lines of the log that contain the text. */
    long logLines(String text) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /** The body of a GET, or null when the relay does not answer 200. */
    String get(String path) {
        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(
                            ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            String response =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.startsWith("HTTP/1.1 200")
                    ? response.substring(response.indexOf("\r\n\r\n") + 4)
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean ready() {
        return get("/readyz") != null;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

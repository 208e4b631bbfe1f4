package dev.camrelay.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.config.RelayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/** The whole relay on ephemeral ports, configured with {@code --key=value} overrides. */
final class RelayFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private RelayFixture(EmbeddedServer server) {
        this.server = server;
    }

    static RelayFixture start(String... overrides) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of("--http.port=0", "--ingest.port=0", "--ingest.host=127.0.0.1"));
        args.addAll(List.of(overrides));
        RelayConfig config =
                ConfigLoader.load(
                        Map.of(), Map.of(), new Properties(), args.toArray(String[]::new));
        return new RelayFixture(EmbeddedServer.start(config));
    }

    int httpPort() {
        return server.httpPort();
    }

    int ingestPort() {
        return server.ingestPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(String path) throws IOException, InterruptedException {
        return JSON.readValue(get(path).body(), Map.class);
    }

    /** The /api/streams entry of one stream, or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> stream(String name) throws IOException, InterruptedException {
        List<Map<String, Object>> streams =
                (List<Map<String, Object>>) json("/api/streams").get("streams");
        return streams.stream().filter(s -> name.equals(s.get("name"))).findFirst().orElse(null);
    }

    /** The /api/streams entry of one rendition of a stream, or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> stream(String name, String quality)
            throws IOException, InterruptedException {
        List<Map<String, Object>> streams =
                (List<Map<String, Object>>) json("/api/streams").get("streams");
        return streams.stream()
                .filter(s -> name.equals(s.get("name")) && quality.equals(s.get("quality")))
                .findFirst()
                .orElse(null);
    }

    /** How many connections the ingest closed for this reason code so far. */
    @SuppressWarnings("unchecked")
    long closedFor(String reasonCode) throws IOException, InterruptedException {
        Map<String, Object> reasons =
                (Map<String, Object>) json("/api/ingest").get("closedByReason");
        return ((Number) reasons.get(reasonCode)).longValue();
    }

    /** Polls until the condition holds, failing after the timeout: a bounded wait, not a sleep. */
    static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    /**
     * Checks the condition every 20 ms for the whole duration, failing at the first time it does
     * not hold.
     */
    static void holds(String what, Duration duration, Check check) throws Exception {
        holds(what, duration, check, () -> "");
    }

    /**
     * As {@link #holds(String, Duration, Check)}, and says what the state was when it stopped
     * holding.
     */
    static void holds(String what, Duration duration, Check check, State state) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!check.holds()) {
                throw new AssertionError("stopped holding: " + what + " " + state.describe());
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    interface State {
        String describe() throws Exception;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}

package dev.camrelay.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.PulledSource;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.StreamSnapshot;
import dev.camrelay.web.latency.LatencyBoard;
import dev.camrelay.web.latency.RelayClock;
import dev.camrelay.web.latency.ViewerLatency;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/streams}: every stream with its format, size, rates, viewers, state and frame
 * age, for a pulled camera its title and state (also while it has no stream), and what its
 * latency-reporting viewers measure ({@code viewerLatency}), plus what the page shows around them:
 * the ingest port cameras connect to and whether viewing needs a login; {@code GET /api/ingest}:
 * camera connections and rejections by reason; {@code GET /api/time}: the relay clock for the
 * page's latency badge.
 */
final class ApiServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamRegistry registry;
    private final Supplier<Map<String, Object>> ingestStatus;
    private final Supplier<Map<StreamKey, PulledSource>> pulledSources;
    private final LatencyBoard<StreamKey> latency;
    private final boolean viewAuth;

    ApiServlet(
            StreamRegistry registry,
            Supplier<Map<String, Object>> ingestStatus,
            Supplier<Map<StreamKey, PulledSource>> pulledSources,
            LatencyBoard<StreamKey> latency,
            boolean viewAuth) {
        this.registry = registry;
        this.ingestStatus = ingestStatus;
        this.pulledSources = pulledSources;
        this.latency = latency;
        this.viewAuth = viewAuth;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Object body =
                switch (path) {
                    case "/streams" ->
                            Map.of(
                                    "streams",
                                    withViewerLatency(
                                            PulledSource.annotate(
                                                    registry.listing(),
                                                    pulledSources.get(),
                                                    Format.H264.wireName())),
                                    "ingestPort",
                                    ingestStatus.get().get("port"),
                                    "viewAuth",
                                    viewAuth);
                    case "/ingest" -> ingestStatus.get();
                    case "/time" -> Map.of("nowUs", RelayClock.nowMicros());
                    default -> null;
                };
        if (body == null) {
            StreamLookup.sendText(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "unknown API path; try /api/streams, /api/ingest or /api/time\n");
            return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Each stream as its JSON object, plus {@code viewerLatency} where viewers report it. */
    private List<Object> withViewerLatency(List<StreamSnapshot> streams) {
        long now = System.nanoTime();
        return streams.stream().map(s -> withViewerLatency(s, now)).toList();
    }

    private Object withViewerLatency(StreamSnapshot stream, long nowNanos) {
        Optional<ViewerLatency> reported =
                Quality.fromWireName(stream.quality())
                        .filter(q -> StreamKey.isValidName(stream.name()))
                        .flatMap(q -> latency.summary(new StreamKey(stream.name(), q), nowNanos));
        if (reported.isEmpty()) {
            return stream;
        }
        Map<String, Object> fields =
                new LinkedHashMap<>(JSON.convertValue(stream, new TypeReference<>() {}));
        fields.put("viewerLatency", reported.get());
        return fields;
    }
}

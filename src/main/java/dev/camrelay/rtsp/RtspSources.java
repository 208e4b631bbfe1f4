package dev.camrelay.rtsp;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.config.SourceConfig;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.PulledSource;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configured camera rendition being pulled: the main URL as the high rendition, the {@code
 * .low} URL as the low one. Built and closed by the relay; immutable after start.
 */
public final class RtspSources implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final List<RtspSource> sources;

    private RtspSources(List<RtspSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static RtspSources start(RelayConfig config, StreamRegistry registry) {
        return start(config, registry, RtspSource.Retry.DEFAULT);
    }

    public static RtspSources start(
            RelayConfig config, StreamRegistry registry, RtspSource.Retry retry) {
        List<RtspSource> sources = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            sources.add(source(source, Quality.HIGH, source.url(), config, registry, retry));
            if (!source.lowUrl().isEmpty()) {
                sources.add(source(source, Quality.LOW, source.lowUrl(), config, registry, retry));
            }
        }
        sources.forEach(RtspSource::start);
        return new RtspSources(sources);
    }

    private static RtspSource source(
            SourceConfig source,
            Quality quality,
            String url,
            RelayConfig config,
            StreamRegistry registry,
            RtspSource.Retry retry) {
        return new RtspSource(
                new StreamKey(source.name(), quality),
                source.title(),
                RtspUrl.parse(url),
                registry,
                new RtspSession.Limits(
                        CONNECT_TIMEOUT,
                        config.cameraIdleTimeout(),
                        config.maxFrameBytes(),
                        source.udp()),
                retry,
                new RtspSource.Demand(source.onDemand(), source.linger()));
    }

    /** Each rendition's state, without credentials. */
    public List<SourceStatus> statuses() {
        return sources.stream().map(RtspSource::status).toList();
    }

    /** Each rendition's title and state by stream, for the stream listing. */
    public Map<StreamKey, PulledSource> pulled() {
        Map<StreamKey, PulledSource> pulled = new LinkedHashMap<>();
        for (RtspSource source : sources) {
            SourceStatus status = source.status();
            pulled.put(
                    source.key(),
                    new PulledSource(status.title(), status.state(), status.reason()));
        }
        return pulled;
    }

    @Override
    public void close() {
        sources.forEach(RtspSource::close);
    }
}

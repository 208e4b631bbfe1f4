package dev.camrelay.web.metrics;

import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.stream.StreamSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The relay's metrics, read from the hub's and the ingest's own counters at scrape time: nothing on
 * the hot path updates a metrics object, so a frame costs the same whether or not anyone scrapes.
 */
final class RelayCollector implements MultiCollector {
    private final StreamRegistry registry;
    private final Supplier<Map<String, Object>> ingestStatus;

    RelayCollector(StreamRegistry registry, Supplier<Map<String, Object>> ingestStatus) {
        this.registry = registry;
        this.ingestStatus = ingestStatus;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MetricSnapshots collect() {
        List<StreamSnapshot> streams = registry.snapshots();
        Map<String, Object> ingest = ingestStatus.get();
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        out.metricSnapshot(
                streamCounter(
                        streams,
                        "camrelay_stream_frames_in",
                        "frames received from the camera",
                        StreamSnapshot::framesIn));
        out.metricSnapshot(
                streamCounter(
                        streams,
                        "camrelay_stream_bytes_in",
                        "bytes received from the camera",
                        StreamSnapshot::bytesIn));
        out.metricSnapshot(
                streamCounter(
                        streams,
                        "camrelay_stream_frames_out",
                        "frames written to viewers",
                        StreamSnapshot::framesOut));
        out.metricSnapshot(
                streamCounter(
                        streams,
                        "camrelay_stream_bytes_out",
                        "bytes written to viewers",
                        StreamSnapshot::bytesOut));
        out.metricSnapshot(droppedFrames(streams));
        out.metricSnapshot(qualitySwitches(streams));
        out.metricSnapshot(
                streamGauge(
                        streams,
                        "camrelay_stream_viewers",
                        "viewers attached",
                        StreamSnapshot::viewers));
        out.metricSnapshot(
                streamGauge(
                        streams,
                        "camrelay_stream_auto_viewers",
                        "viewers on ?quality=auto attached to this rendition",
                        s -> s.autoViewers().size()));
        out.metricSnapshot(
                streamGauge(
                        streams,
                        "camrelay_stream_fps_in",
                        "frames per second from the camera",
                        StreamSnapshot::fpsIn));
        out.metricSnapshot(
                streamGauge(
                        streams,
                        "camrelay_stream_live",
                        "1 while a camera publishes, 0 while offline",
                        s -> "live".equals(s.state()) ? 1 : 0));
        out.metricSnapshot(
                streamGauge(
                        streams.stream().filter(s -> s.frameAgeMs() != null).toList(),
                        "camrelay_stream_frame_age_seconds",
                        "age of the latest frame",
                        s -> s.frameAgeMs() / 1000.0));
        out.metricSnapshot(
                GaugeSnapshot.builder()
                        .name("camrelay_ingest_connections_open")
                        .help("camera TCP connections open")
                        .dataPoint(
                                GaugeDataPointSnapshot.builder()
                                        .value(number(ingest, "openConnections"))
                                        .build())
                        .build());
        out.metricSnapshot(
                counter(
                        "camrelay_ingest_connections_accepted",
                        "camera TCP connections accepted",
                        number(ingest, "acceptedConnections")));
        out.metricSnapshot(
                counter(
                        "camrelay_ingest_handshakes",
                        "camera handshakes completed",
                        number(ingest, "handshakes")));
        out.metricSnapshot(
                counter(
                        "camrelay_ingest_garbage_bytes",
                        "bytes skipped because they belonged to no frame",
                        number(ingest, "garbageBytes")));
        out.metricSnapshot(
                counter(
                        "camrelay_ingest_malformed_frames",
                        "frames dropped as malformed or oversize",
                        number(ingest, "malformedFrames")));
        out.metricSnapshot(closedByReason(ingest));
        if (ingest.get("kafka") instanceof Map<?, ?> kafka) {
            kafka((Map<String, Object>) kafka, out);
        }
        return out.build();
    }

    private static Labels labels(StreamSnapshot s) {
        return Labels.of("stream", s.name(), "quality", s.quality(), "format", s.format());
    }

    private static CounterSnapshot streamCounter(
            List<StreamSnapshot> streams,
            String name,
            String help,
            ToDoubleFunction<StreamSnapshot> value) {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        for (StreamSnapshot s : streams) {
            builder.dataPoint(
                    CounterDataPointSnapshot.builder()
                            .labels(labels(s))
                            .value(value.applyAsDouble(s))
                            .build());
        }
        return builder.build();
    }

    private static GaugeSnapshot streamGauge(
            List<StreamSnapshot> streams,
            String name,
            String help,
            ToDoubleFunction<StreamSnapshot> value) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        for (StreamSnapshot s : streams) {
            builder.dataPoint(
                    GaugeDataPointSnapshot.builder()
                            .labels(labels(s))
                            .value(value.applyAsDouble(s))
                            .build());
        }
        return builder.build();
    }

    private static CounterSnapshot droppedFrames(List<StreamSnapshot> streams) {
        CounterSnapshot.Builder builder =
                CounterSnapshot.builder()
                        .name("camrelay_stream_frames_dropped")
                        .help("frames offered to a viewer but never written, by reason");
        for (StreamSnapshot s : streams) {
            s.droppedByReason()
                    .forEach(
                            (reason, count) ->
                                    builder.dataPoint(
                                            CounterDataPointSnapshot.builder()
                                                    .labels(labels(s).add("reason", reason))
                                                    .value(count)
                                                    .build()));
        }
        return builder.build();
    }

    private static CounterSnapshot qualitySwitches(List<StreamSnapshot> streams) {
        CounterSnapshot.Builder builder =
                CounterSnapshot.builder()
                        .name("camrelay_stream_quality_switches")
                        .help(
                                "?quality=auto viewers that left this rendition, by direction (down = to low, up = to high)");
        for (StreamSnapshot s : streams) {
            s.qualitySwitches()
                    .forEach(
                            (direction, count) ->
                                    builder.dataPoint(
                                            CounterDataPointSnapshot.builder()
                                                    .labels(labels(s).add("direction", direction))
                                                    .value(count)
                                                    .build()));
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static CounterSnapshot closedByReason(Map<String, Object> ingest) {
        CounterSnapshot.Builder builder =
                CounterSnapshot.builder()
                        .name("camrelay_ingest_connections_closed")
                        .help(
                                "camera connections the ingest closed, by reason (handshake failures, bad input, timeouts)");
        ((Map<String, Object>) ingest.get("closedByReason"))
                .forEach(
                        (reason, count) ->
                                builder.dataPoint(
                                        CounterDataPointSnapshot.builder()
                                                .labels(Labels.of("reason", reason))
                                                .value(((Number) count).doubleValue())
                                                .build()));
        return builder.build();
    }

    /** The Kafka sink and source, present when the node is part of a cluster. */
    @SuppressWarnings("unchecked")
    private static void kafka(Map<String, Object> kafka, MetricSnapshots.Builder out) {
        Map<String, Object> sink = (Map<String, Object>) kafka.get("sink");
        out.metricSnapshot(
                counter(
                        "camrelay_kafka_sink_frames_produced",
                        "camera frames written to Kafka",
                        number(sink, "produced")));
        out.metricSnapshot(
                GaugeSnapshot.builder()
                        .name("camrelay_kafka_sink_queued_frames")
                        .help("frames waiting in the sink's bounded queue")
                        .dataPoint(
                                GaugeDataPointSnapshot.builder()
                                        .value(number(sink, "queuedFrames"))
                                        .build())
                        .build());
        CounterSnapshot.Builder dropped =
                CounterSnapshot.builder()
                        .name("camrelay_kafka_sink_frames_dropped")
                        .help(
                                "camera frames not written to Kafka, by reason (the sink never holds up the camera)");
        ((Map<String, Object>) sink.get("droppedByReason"))
                .forEach(
                        (reason, count) ->
                                dropped.dataPoint(
                                        CounterDataPointSnapshot.builder()
                                                .labels(Labels.of("reason", reason))
                                                .value(((Number) count).doubleValue())
                                                .build()));
        out.metricSnapshot(dropped.build());
        Map<String, Object> source = (Map<String, Object>) kafka.get("source");
        out.metricSnapshot(
                GaugeSnapshot.builder()
                        .name("camrelay_kafka_source_feeds")
                        .help("cluster streams this node consumes for its viewers")
                        .dataPoint(
                                GaugeDataPointSnapshot.builder()
                                        .value(number(source, "feeds"))
                                        .build())
                        .build());
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
                .build();
    }

    private static double number(Map<String, Object> ingest, String key) {
        return ((Number) ingest.get(key)).doubleValue();
    }
}

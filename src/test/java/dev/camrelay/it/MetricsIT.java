package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics speaks the Prometheus text format and reflects what the relay is doing. */
class MetricsIT {

    @Test
    void streamsViewersDropsRejectionsAndTheJvmAreExposed() throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        try (RelayFixture relay = RelayFixture.start();
                FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 2, 0, 1)) {
            for (byte[] frame : frames) {
                camera.frame(frame);
            }
            RelayFixture.await(
                    "frames in",
                    Duration.ofSeconds(5),
                    () ->
                            relay.stream("stream2") != null
                                    && ((Number) relay.stream("stream2").get("framesIn")).intValue()
                                            == frames.size());
            StringBuilder answer = new StringBuilder();
            try (FakeCamera bad =
                    FakeCamera.text(relay.ingestPort(), "STREAM bad/name mjpeg", answer)) {
                assertTrue(bad.closedByServer(5000));
            }
            try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/stream2")) {
                viewer.nextJpeg();
                HttpResponse<byte[]> response = relay.get("/metrics");
                assertEquals(200, response.statusCode());
                assertTrue(
                        response.headers()
                                .firstValue("content-type")
                                .orElse("")
                                .startsWith("text/plain"));
                String text = new String(response.body(), StandardCharsets.UTF_8);
                String labels = "\\{format=\"mjpeg\",quality=\"high\",stream=\"stream2\"}";
                assertEquals(
                        frames.size(), value(text, "camrelay_stream_frames_in_total" + labels));
                assertEquals(1, value(text, "camrelay_stream_viewers" + labels));
                assertEquals(1, value(text, "camrelay_stream_live" + labels));
                assertTrue(
                        value(text, "camrelay_stream_bytes_out_total" + labels)
                                >= frames.get(frames.size() - 1).length);
                assertTrue(
                        text.contains(
                                "camrelay_stream_frames_dropped_total{format=\"mjpeg\",quality=\"high\",reason=\"superseded\",stream=\"stream2\"}"));
                RelayFixture.await(
                        "bad handshake counted",
                        Duration.ofSeconds(5),
                        () -> relay.closedFor("bad-name") == 1);
                String later = new String(relay.get("/metrics").body(), StandardCharsets.UTF_8);
                assertEquals(
                        1,
                        value(
                                later,
                                "camrelay_ingest_connections_closed_total\\{reason=\"bad-name\"}"));
                assertTrue(later.contains("jvm_memory_used_bytes"), "JVM metrics");
                assertTrue(later.contains("process_cpu_seconds_total"), "process metrics");
            }
        }
    }

    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(exposition);
        assertTrue(m.find(), "no series " + series);
        return Double.parseDouble(m.group(1));
    }
}

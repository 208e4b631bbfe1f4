package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pulling cameras from GStreamer's RTSP server: main and sub stream, Digest auth, restarts. */
class RtspPullIT {
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(30);

    @Test
    void pullsMainAndSubAndALateViewerDecodesFromItsFirstPicture() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay =
                        RelayFixture.start(
                                "--source.door=" + camera.url("/main"),
                                "--source.door.low=" + camera.url("/sub"),
                                "--source.door.title=Front door")) {
            RelayFixture.await(
                    "both renditions live",
                    LIVE_WITHIN,
                    () -> live(relay, "door", "high") && live(relay, "door", "low"));
            assertEquals("Front door", source(relay, "door").get("title"));
            assertEquals(
                    Map.of("title", "Front door", "state", "live", "reason", ""),
                    relay.stream("door", "low").get("source"),
                    "/api/streams shows the pulled camera's title and state");
            assertEquals(640, relay.stream("door", "high").get("width"));
            assertEquals(360, relay.stream("door", "high").get("height"));
            assertEquals("avc1.42C01E", relay.stream("door", "high").get("codec"));
            assertEquals(320, relay.stream("door", "low").get("width"));
            for (String quality : List.of("high", "low")) {
                Path file = receive(relay, "/ws/door?quality=" + quality, 45);
                assertEquals(
                        "",
                        Ffmpeg.decodeErrors(file),
                        quality + ": ffmpeg -xerror decodes what the viewer got");
                List<String> sizes = Ffmpeg.pictureSizes(file, "h264");
                assertTrue(
                        sizes.size() >= 45,
                        quality + ": every message a picture, got " + sizes.size());
                assertEquals(quality.equals("high") ? "640x360" : "320x180", sizes.get(0));
            }
        }
    }

    @Test
    void digestAuthRightIsLiveAndWrongIsUnauthorizedWithoutLeakingPasswords() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, "digest");
                RelayFixture relay =
                        RelayFixture.start(
                                "--source.good=" + camera.url("admin:secret", "/main"),
                                "--source.bad=" + camera.url("admin:wr%40ng", "/main"),
                                "--source.none=" + camera.url("/main"))) {
            RelayFixture.await(
                    "the right password plays", LIVE_WITHIN, () -> live(relay, "good", "high"));
            RelayFixture.await(
                    "the wrong password is refused",
                    LIVE_WITHIN,
                    () ->
                            "unauthorized".equals(source(relay, "bad").get("state"))
                                    && "unauthorized".equals(source(relay, "none").get("state")));
            assertTrue(String.valueOf(source(relay, "bad").get("reason")).contains("401"));
            Map<String, String> reasons = Map.of("bad", "401", "none", "needs credentials");
            for (Map.Entry<String, String> expected : reasons.entrySet()) {
                String name = expected.getKey();
                Map<String, Object> stream = relay.stream(name, "high");
                assertEquals("offline", stream.get("state"), name + " in /api/streams: " + stream);
                Map<?, ?> pulled = (Map<?, ?>) stream.get("source");
                assertEquals("unauthorized", pulled.get("state"), name + ": " + stream);
                assertTrue(
                        String.valueOf(pulled.get("reason")).contains(expected.getValue()),
                        name + ": " + stream);
                assertEquals(name, pulled.get("title"));
            }
            Path file = receive(relay, "/ws/good", 30);
            assertEquals("", Ffmpeg.decodeErrors(file));
            for (String path : List.of("/api/ingest", "/api/streams", "/metrics")) {
                String body = new String(relay.get(path).body(), StandardCharsets.UTF_8);
                assertFalse(
                        body.contains("secret")
                                || body.contains("wr%40ng")
                                || body.contains("wr@ng")
                                || body.contains("admin"),
                        path + " shows no credentials");
            }
        }
    }

    @Test
    void aRestartedCameraResumesForTheSameViewer() throws Exception {
        GstRtspServer camera = GstRtspServer.start(0, null);
        int port = camera.port();
        try (RelayFixture relay = RelayFixture.start("--source.yard=" + camera.url("/main"));
                WsViewer viewer = awaitViewer(relay, "yard")) {
            viewer.nextArrival();
            viewer.next();
            camera.close();
            RelayFixture.await(
                    "the source notices",
                    LIVE_WITHIN,
                    () -> !"live".equals(source(relay, "yard").get("state")));
            RelayFixture.await(
                    "/api/streams shows the camera down",
                    LIVE_WITHIN,
                    () ->
                            !"live"
                                    .equals(
                                            ((Map<?, ?>) relay.stream("yard", "high").get("source"))
                                                    .get("state")));
            RelayFixture.await(
                    "the stream goes offline", LIVE_WITHIN, () -> !live(relay, "yard", "high"));
            long restart = System.nanoTime();
            camera = GstRtspServer.start(port, null);
            RelayFixture.await("live again", LIVE_WITHIN, () -> live(relay, "yard", "high"));
            List<byte[]> after = new ArrayList<>();
            while (after.size() < 30) {
                boolean resumed = viewer.nextArrival() > restart;
                byte[] message = viewer.next();
                if (resumed) {
                    after.add(message);
                }
            }
            assertTrue(
                    Ffmpeg.nalTypes(after.get(0)).contains(5),
                    "the resumed stream starts at an IDR");
            assertEquals(
                    "",
                    Ffmpeg.decodeErrors(Ffmpeg.write(after)),
                    "the same viewer decodes the resumed stream");
        } finally {
            camera.close();
        }
    }

    @Test
    void aCameraThatIsGoneIsUnreachableAndRetried() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (RelayFixture relay =
                RelayFixture.start("--source.gone=rtsp://127.0.0.1:" + closedPort + "/main")) {
            RelayFixture.await(
                    "unreachable and retried",
                    LIVE_WITHIN,
                    () ->
                            "unreachable".equals(source(relay, "gone").get("state"))
                                    && ((Number) source(relay, "gone").get("attempts")).intValue()
                                            >= 3);
            Map<String, Object> listed = relay.stream("gone", "high");
            assertEquals("offline", listed.get("state"), "listed before any picture: " + listed);
            assertEquals(0, ((Number) listed.get("framesIn")).intValue());
            Map<?, ?> pulled = (Map<?, ?>) listed.get("source");
            assertEquals("unreachable", pulled.get("state"), String.valueOf(listed));
            assertTrue(
                    String.valueOf(pulled.get("reason")).contains("ConnectException"),
                    String.valueOf(listed));
            assertEquals(
                    List.of(listed),
                    ((List<?>) relay.json("/api/streams").get("streams"))
                            .stream()
                                    .filter(s -> "gone".equals(((Map<?, ?>) s).get("name")))
                                    .toList(),
                    "one entry: the camera has no .low URL");
        }
    }

    static boolean live(RelayFixture relay, String name, String quality) throws Exception {
        Map<String, Object> stream = relay.stream(name, quality);
        return stream != null && "live".equals(stream.get("state")) && stream.get("width") != null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> source(RelayFixture relay, String name) throws Exception {
        List<Map<String, Object>> sources =
                (List<Map<String, Object>>) relay.json("/api/ingest").get("sources");
        return sources.stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    private static WsViewer awaitViewer(RelayFixture relay, String name) throws Exception {
        RelayFixture.await(name + " live", LIVE_WITHIN, () -> live(relay, name, "high"));
        return WsViewer.connect(relay.httpPort(), "/ws/" + name);
    }

    private static Path receive(RelayFixture relay, String path, int messages) throws Exception {
        try (WsViewer viewer = WsViewer.connect(relay.httpPort(), path)) {
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                got.add(viewer.next());
            }
            return Ffmpeg.write(got);
        }
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A camera pulled on demand, watched from GStreamer's RTSP server: not pulled until a viewer comes,
 * let go (TEARDOWN) once the last viewer has been gone for the linger, pulled again for the next.
 */
class RtspOnDemandIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void pullsOnlyWhileWatchedAndLingersAfterTheLastViewer() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay =
                        RelayFixture.start(
                                "--source.yard=" + camera.url("/sub"),
                                "--source.door=" + camera.url("/main"),
                                "--source.door.on-demand=true",
                                "--source.door.linger=1s")) {
            RelayFixture.await(
                    "the always-on camera on the same server is live",
                    WITHIN,
                    () -> RtspPullIT.live(relay, "yard", "high"));
            RelayFixture.await(
                    "the on-demand camera waits for a viewer",
                    WITHIN,
                    () -> "standby".equals(RtspPullIT.source(relay, "door").get("state")));
            assertEquals(
                    List.of("DESCRIBE /sub"),
                    camera.requests().stream().filter(r -> r.startsWith("DESCRIBE")).toList(),
                    "the relay pulled the always-on camera only");
            Map<String, Object> listed = relay.stream("door", "high");
            assertEquals("offline", listed.get("state"), String.valueOf(listed));
            assertEquals("standby", ((Map<?, ?>) listed.get("source")).get("state"));

            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/door")) {
                RelayFixture.await(
                        "the first viewer brings the camera in",
                        WITHIN,
                        () -> RtspPullIT.live(relay, "door", "high"));
                List<byte[]> got = new ArrayList<>();
                for (int i = 0; i < 45; i++) {
                    got.add(viewer.next());
                }
                String errors = Ffmpeg.decodeErrors(Ffmpeg.write(got));
                assertEquals("", errors, "the waiting viewer's pictures decode from the first");
                assertEquals("640x360", Ffmpeg.pictureSizes(Ffmpeg.write(got), "h264").get(0));
                assertFalse(
                        camera.requests().contains("TEARDOWN /main"),
                        "kept while watched, beyond the linger: " + camera.requests());
            }

            RelayFixture.await(
                    "let go after the linger",
                    WITHIN,
                    () ->
                            camera.requests().contains("TEARDOWN /main")
                                    && "standby"
                                            .equals(RtspPullIT.source(relay, "door").get("state")));
            assertEquals(1, Collections.frequency(camera.requests(), "DESCRIBE /main"));

            try (WsViewer again = WsViewer.connect(relay.httpPort(), "/ws/door")) {
                RelayFixture.await(
                        "the next viewer brings it back",
                        WITHIN,
                        () -> RtspPullIT.live(relay, "door", "high"));
                assertTrue(again.next().length > 0);
                assertEquals(2, Collections.frequency(camera.requests(), "DESCRIBE /main"));
            }
        }
    }
}

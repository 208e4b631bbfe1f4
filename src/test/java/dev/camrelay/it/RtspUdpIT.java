package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A camera pulled with RTP over UDP from GStreamer's RTSP server. */
class RtspUdpIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void pullsOverUdpAndALateViewerDecodesFromItsFirstPicture() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay =
                        RelayFixture.start(
                                "--source.yard=" + camera.url("/main"),
                                "--source.yard.transport=udp")) {
            RelayFixture.await(
                    "live over UDP", WITHIN, () -> RtspPullIT.live(relay, "yard", "high"));
            List<String> setups =
                    camera.requests().stream().filter(r -> r.startsWith("SETUP")).toList();
            assertTrue(
                    !setups.isEmpty()
                            && setups.stream()
                                    .allMatch(
                                            s ->
                                                    s.contains("client_port=")
                                                            && !s.contains("interleaved")),
                    "every track set up over UDP: " + setups);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/yard")) {
                List<byte[]> got = new ArrayList<>();
                for (int i = 0; i < 45; i++) {
                    got.add(viewer.next());
                }
                assertEquals("", Ffmpeg.decodeErrors(Ffmpeg.write(got)));
                assertEquals("640x360", Ffmpeg.pictureSizes(Ffmpeg.write(got), "h264").get(0));
            }
        }
    }
}

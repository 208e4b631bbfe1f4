package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A viewer joining a camera that sent one JPEG and then went quiet gets that JPEG at once, not at
 * the next frame or keep-alive repeat (both pushed out of reach here).
 */
class QuietStreamJoinIT {
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--mjpeg.repeat=1h", "--camera.idle.timeout=1h");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void aViewerOfAQuietStreamGetsItsCachedJpeg() throws Exception {
        List<byte[]> frames = List.of(Jpegs.padded(Jpegs.testsrc().get(0), 200_000));
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM quiet mjpeg", answer)) {
            assertEquals("OK", answer.toString());
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "the one frame is ingested",
                    Duration.ofSeconds(5),
                    () ->
                            relay.stream("quiet") != null
                                    && ((Number) relay.stream("quiet").get("framesIn")).intValue()
                                            == 1);
            for (int viewerNo = 1; viewerNo <= 3; viewerNo++) {
                try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/quiet")) {
                    assertEquals(200, viewer.status());
                    assertArrayEquals(
                            frames.get(0),
                            viewer.nextJpeg(),
                            "viewer "
                                    + viewerNo
                                    + " gets the cached JPEG while the camera is quiet");
                }
            }
        }
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cameras come and go: viewers ride out a reconnect, a new connection takes a stream over, and the
 * grace period ends.
 */
class CameraLifecycleIT {
    private static RelayFixture relay;
    private static List<byte[]> frames;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--offline.grace=2s", "--mjpeg.repeat=500ms");
        frames = Jpegs.testsrc();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void viewersStayConnectedWhileTheCameraReconnects() throws Exception {
        try (MjpegReader viewer = openWhenLive("comeback", frames.get(0))) {
            RelayFixture.await(
                    "offline after the camera left",
                    Duration.ofSeconds(5),
                    () -> "offline".equals(relay.stream("comeback").get("state")));
            assertArrayEquals(
                    frames.get(0),
                    viewer.nextJpeg(),
                    "the offline stream keeps repeating its last picture");
            StringBuilder answer = new StringBuilder();
            try (FakeCamera camera =
                    FakeCamera.text(relay.ingestPort(), "STREAM comeback mjpeg", answer)) {
                assertEquals("OK", answer.toString());
                camera.frame(frames.get(1));
                assertArrayEquals(
                        frames.get(1),
                        viewer.nextJpegAfter(frames.get(0)),
                        "the same viewer carries on with the new connection's frames");
                assertEquals("live", relay.stream("comeback").get("state"));
                assertEquals(1, ((Number) relay.stream("comeback").get("viewers")).intValue());
            }
        }
    }

    @Test
    void aNewConnectionTakesTheStreamOverAndTheOldOneIsClosed() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera old =
                FakeCamera.text(relay.ingestPort(), "STREAM takeover mjpeg", answer)) {
            old.frame(frames.get(0));
            RelayFixture.await(
                    "takeover live", Duration.ofSeconds(5), () -> relay.stream("takeover") != null);
            try (MjpegReader viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/takeover");
                    FakeCamera replacement =
                            FakeCamera.text(
                                    relay.ingestPort(),
                                    "STREAM takeover mjpeg",
                                    new StringBuilder())) {
                assertArrayEquals(frames.get(0), viewer.nextJpeg());
                replacement.frame(frames.get(2));
                assertArrayEquals(frames.get(2), viewer.nextJpegAfter(frames.get(0)));
                old.frame(frames.get(3));
                assertTrue(
                        old.closedByServer(5000),
                        "the superseded connection is closed at its next frame");
                replacement.frame(frames.get(4));
                assertArrayEquals(
                        frames.get(4),
                        viewer.nextJpegAfter(frames.get(2)),
                        "the old camera's frame was not forwarded");
            }
        }
    }

    @Test
    void afterTheGracePeriodTheStreamAndItsViewersEnd() throws Exception {
        try (MjpegReader viewer = openWhenLive("gone", frames.get(5))) {
            RelayFixture.await(
                    "stream removed after the grace period",
                    Duration.ofSeconds(10),
                    () -> relay.stream("gone") == null);
            assertTrue(viewer.endedByServer(5000), "the viewer's response ends with the stream");
        }
    }

    /**
     * A camera publishes one frame and leaves cleanly; returns a viewer that has read that frame.
     */
    private MjpegReader openWhenLive(String name, byte[] frame) throws Exception {
        StringBuilder answer = new StringBuilder();
        MjpegReader viewer;
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM " + name + " mjpeg", answer)) {
            camera.frame(frame);
            RelayFixture.await(
                    name + " live", Duration.ofSeconds(5), () -> relay.stream(name) != null);
            viewer = MjpegReader.open(relay.httpPort(), "/mjpeg/" + name);
            assertArrayEquals(frame, viewer.nextJpeg());
            camera.end();
        }
        return viewer;
    }
}

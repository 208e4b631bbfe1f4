package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.RawWs;
import dev.camrelay.testing.WsViewer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits a viewer meets: inbound message size, unanswered pings, viewers per stream. */
class ViewerLimitsIT {
    private static List<byte[]> frames;

    @BeforeAll
    static void load() throws Exception {
        frames = Jpegs.testsrc();
    }

    @Test
    void aBigInboundMessageClosesWith1009AndASmallOneIsIgnored() throws Exception {
        try (RelayFixture relay = RelayFixture.start("--mjpeg.repeat=1h");
                FakeCamera camera =
                        FakeCamera.text(
                                relay.ingestPort(), "STREAM talk mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "talk live", Duration.ofSeconds(5), () -> relay.stream("talk") != null);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/talk")) {
                assertArrayEquals(frames.get(0), viewer.next());
                viewer.say("x".repeat(4096));
                camera.frame(frames.get(1));
                assertArrayEquals(
                        frames.get(1), viewer.next(), "a message within 4 KiB is read and ignored");
                viewer.say("x".repeat(4097));
                assertEquals(
                        1009,
                        viewer.closeCode(10_000),
                        "a bigger one closes the socket as too big");
            }
            RelayFixture.await(
                    "the viewer is detached",
                    Duration.ofSeconds(10),
                    () -> ((Number) relay.stream("talk").get("viewers")).intValue() == 0);
        }
    }

    /** A viewer gone without a FIN on a quiet stream: only its missing pongs tell. */
    @Test
    void aViewerThatNeverAnswersPingsIsDropped() throws Exception {
        try (RelayFixture relay = RelayFixture.start("--ws.ping=1s", "--mjpeg.repeat=1h");
                FakeCamera camera =
                        FakeCamera.text(
                                relay.ingestPort(), "STREAM quiet mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "quiet live", Duration.ofSeconds(5), () -> relay.stream("quiet") != null);
            try (WsViewer answering = WsViewer.connect(relay.httpPort(), "/ws/quiet");
                    RawWs silent = RawWs.upgraded(relay.httpPort(), "/ws/quiet")) {
                RelayFixture.await(
                        "both attached",
                        Duration.ofSeconds(5),
                        () -> ((Number) relay.stream("quiet").get("viewers")).intValue() == 2);
                assertTrue(
                        silent.closedByServerWithin(Duration.ofSeconds(30)),
                        "the silent viewer is disconnected");
                RelayFixture.await(
                        "the silent viewer is detached",
                        Duration.ofSeconds(10),
                        () -> ((Number) relay.stream("quiet").get("viewers")).intValue() == 1);
                RelayFixture.await(
                        "the answering viewer pinged past the limit",
                        Duration.ofSeconds(30),
                        () -> answering.pings() >= 4);
                camera.frame(frames.get(1));
                assertArrayEquals(frames.get(0), answering.next());
                assertArrayEquals(
                        frames.get(1), answering.next(), "a viewer that answers its pings stays");
            }
        }
    }

    @Test
    void aViewerOverTheLimitIsToldToComeBackLater() throws Exception {
        try (RelayFixture relay = RelayFixture.start("--max.viewers=1");
                FakeCamera camera =
                        FakeCamera.text(
                                relay.ingestPort(), "STREAM full mjpeg", new StringBuilder())) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "full live", Duration.ofSeconds(5), () -> relay.stream("full") != null);
            try (MjpegReader first = MjpegReader.open(relay.httpPort(), "/mjpeg/full")) {
                assertEquals(200, first.status());
                assertArrayEquals(frames.get(0), first.nextJpeg());
                try (MjpegReader second = MjpegReader.open(relay.httpPort(), "/mjpeg/full")) {
                    assertEquals(503, second.status(), "MJPEG over max.viewers");
                    assertEquals("10", second.header("Retry-After"));
                }
                try (WsViewer third = WsViewer.connect(relay.httpPort(), "/ws/full")) {
                    assertEquals(
                            1013,
                            third.closeCode(10_000),
                            "WebSocket over max.viewers: try again later");
                }
                camera.frame(frames.get(1));
                byte[] jpeg = first.nextJpeg();
                for (int repeats = 0;
                        repeats < 50 && Arrays.equals(jpeg, frames.get(0));
                        repeats++) {
                    jpeg = first.nextJpeg(); // the keep-alive repeats of the first picture
                }
                assertArrayEquals(frames.get(1), jpeg, "the viewer within the limit is untouched");
            }
        }
    }
}

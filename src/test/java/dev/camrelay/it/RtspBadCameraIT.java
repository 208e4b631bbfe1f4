package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Cameras that answer garbage, oversize messages or nothing: each shows its state and reason, is
 * retried, and the healthy camera beside them stays live throughout.
 */
class RtspBadCameraIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void brokenCamerasAreBoundedRetriedAndAffectNoOtherStream() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (GstRtspServer good = GstRtspServer.start(0, null);
                FakeRtspCamera garbage =
                        new FakeRtspCamera(
                                (in, out) -> {
                                    FakeRtspCamera.readRequest(in);
                                    out.write(new byte[] {0, (byte) 0xFF, 0x13, 0x37});
                                    out.flush();
                                    drain(in);
                                });
                FakeRtspCamera hugeBody =
                        new FakeRtspCamera(
                                (in, out) -> {
                                    FakeRtspCamera.readRequest(in);
                                    out.write(
                                            "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 100000000\r\n\r\n"
                                                    .getBytes(StandardCharsets.US_ASCII));
                                    out.flush();
                                    drain(in);
                                });
                FakeRtspCamera hugeHeader =
                        new FakeRtspCamera(
                                (in, out) -> {
                                    FakeRtspCamera.readRequest(in);
                                    out.write(
                                            "RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Filler: "
                                                    .getBytes(StandardCharsets.US_ASCII));
                                    byte[] filler =
                                            "a".repeat(1024).getBytes(StandardCharsets.US_ASCII);
                                    for (int i = 0; i < 1024; i++) {
                                        out.write(filler);
                                    }
                                    out.flush();
                                });
                FakeRtspCamera silent =
                        new FakeRtspCamera(
                                (in, out) -> {
                                    try {
                                        never.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
                RelayFixture relay =
                        RelayFixture.start(
                                "--camera.idle.timeout=2s",
                                "--source.good=" + good.url("/main"),
                                "--source.garbage=" + garbage.url(),
                                "--source.hugebody=" + hugeBody.url(),
                                "--source.hugeheader=" + hugeHeader.url(),
                                "--source.silent=" + silent.url())) {
            RelayFixture.await(
                    "the healthy camera is live",
                    WITHIN,
                    () -> RtspPullIT.live(relay, "good", "high"));
            RelayFixture.await(
                    "every broken camera retried at least twice",
                    WITHIN,
                    () ->
                            garbage.connections() >= 2
                                    && hugeBody.connections() >= 2
                                    && hugeHeader.connections() >= 2
                                    && silent.connections() >= 2);
            assertState(relay, "garbage", "offline", "garbage byte 0x0");
            assertState(relay, "hugebody", "offline", "body of 100000000 bytes exceeds");
            assertState(relay, "hugeheader", "offline", "header block exceeds");
            assertState(relay, "silent", "offline", "camera silent for 2000 ms");
            assertTrue(RtspPullIT.live(relay, "good", "high"), "the healthy camera never noticed");
            Map<String, Object> good1 = relay.stream("good", "high");
            RelayFixture.await(
                    "and still receives pictures",
                    WITHIN,
                    () ->
                            ((Number) relay.stream("good", "high").get("framesIn")).longValue()
                                    > ((Number) good1.get("framesIn")).longValue());
            for (String broken : new String[] {"garbage", "hugebody", "hugeheader", "silent"}) {
                Map<String, Object> listed = relay.stream(broken, "high");
                assertEquals("offline", listed.get("state"), broken + ": " + listed);
                assertEquals(
                        0,
                        ((Number) listed.get("framesIn")).intValue(),
                        broken + " never published a picture");
                assertEquals(
                        "offline",
                        ((Map<?, ?>) listed.get("source")).get("state"),
                        broken + " in /api/streams: " + listed);
            }
            never.countDown();
        }
    }

    private static void assertState(RelayFixture relay, String name, String state, String reason)
            throws Exception {
        Map<String, Object> source = RtspPullIT.source(relay, name);
        assertEquals(state, source.get("state"), name + ": " + source);
        assertTrue(String.valueOf(source.get("reason")).contains(reason), name + ": " + source);
        Map<?, ?> listed = (Map<?, ?>) relay.stream(name, "high").get("source");
        assertEquals(state, listed.get("state"), name + " in /api/streams: " + listed);
        assertTrue(String.valueOf(listed.get("reason")).contains(reason), name + ": " + listed);
    }

    private static void drain(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // until the relay hangs up
        }
    }
}

package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Quality;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The camera side against a real socket, with the test playing the relay. */
@Timeout(30)
class CameraClientTest {
    private static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();

    @Test
    void legacyHandshakeIsTheOriginalTwelveBytesThenLengthPrefixedFramesThenZero()
            throws Exception {
        try (FakeRelay relay = new FakeRelay()) {
            CameraClient client =
                    CameraClient.start(
                            CameraSettings.legacy(HOST, relay.port(), 7, Quality.HIGH, 50),
                            new CountingSource(Integer.MAX_VALUE));
            try (client;
                    FakeRelay.Camera camera = relay.accept()) {
                assertArrayEquals(
                        new byte[] {7, 0, 0, 0, /* MJPEG */ 0, 0, 0, 0, /* high */ 1, 0, 0, 0},
                        camera.readBytes(12));
                byte[] lengthPrefix = camera.readBytes(4);
                assertArrayEquals(
                        new byte[] {7, 0, 0, 0}, lengthPrefix, "LE int32 length of \"frame-1\"");
                assertArrayEquals(CountingSource.frame(1), camera.readBytes(7));
                assertArrayEquals(CountingSource.frame(2), camera.readLengthFramed());

                client.close();
                byte[] rest;
                do {
                    rest = camera.readLengthFramed(); // frames already in flight, then the clean
                    // end
                } while (rest != null);
                assertTrue(camera.atEnd());
            }
            assertEquals("stream7", client.settings().name());
            assertEquals(1, client.connects());
            assertTrue(client.framesSent() >= 2);
        }
    }

    @Test
    void legacyLowQualityIsZero() {
        CameraSettings settings = CameraSettings.legacy(HOST, 1, 258, Quality.LOW, 10);
        assertArrayEquals(
                new byte[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                IngestConnection.legacyHeader(settings));
    }

    @Test
    void textHandshakeWaitsForOkThenSendsLengthFramedFrames() throws Exception {
        try (FakeRelay relay = new FakeRelay();
                CameraClient client =
                        CameraClient.start(
                                CameraSettings.text(
                                        HOST,
                                        relay.port(),
                                        "cam-1",
                                        Quality.LOW,
                                        Framing.LENGTH,
                                        50),
                                new CountingSource(3));
                FakeRelay.Camera camera = relay.accept()) {
            assertEquals("STREAM cam-1 mjpeg quality=low framing=length", camera.readLine());
            camera.answer("OK");
            assertArrayEquals(CountingSource.frame(1), camera.readLengthFramed());
            assertArrayEquals(CountingSource.frame(2), camera.readLengthFramed());
            assertArrayEquals(CountingSource.frame(3), camera.readLengthFramed());
            assertNull(camera.readLengthFramed(), "the source ended, so the stream ends cleanly");
            assertTrue(camera.atEnd());
            assertTrue(
                    client.awaitTermination(Duration.ofSeconds(5)),
                    "a camera whose source ended stops by itself");
            assertEquals(3, client.framesSent());
            assertTrue(client.sourceFailure().isEmpty());
        }
    }

    @Test
    void rawFramingWritesJpegsBackToBack() throws Exception {
        try (FakeRelay relay = new FakeRelay();
                CameraClient client =
                        CameraClient.start(
                                CameraSettings.text(
                                        HOST, relay.port(), "raw", Quality.HIGH, Framing.RAW, 0),
                                new CountingSource(2));
                FakeRelay.Camera camera = relay.accept()) {
            assertEquals("STREAM raw mjpeg quality=high framing=raw", camera.readLine());
            camera.answer("OK");
            assertEquals(
                    "frame-1frame-2", new String(camera.readBytes(14), StandardCharsets.US_ASCII));
            assertTrue(
                    camera.atEnd(), "raw framing ends with the end of the connection, no marker");
            assertTrue(client.awaitTermination(Duration.ofSeconds(5)));
        }
    }

    @Test
    void retriesAfterErrAndStreamsOnceAccepted() throws Exception {
        try (FakeRelay relay = new FakeRelay();
                CameraClient client =
                        CameraClient.start(
                                CameraSettings.text(
                                        HOST,
                                        relay.port(),
                                        "busy",
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        50),
                                new CountingSource(Integer.MAX_VALUE))) {
            try (FakeRelay.Camera refused = relay.accept()) {
                assertEquals("STREAM busy mjpeg quality=high framing=length", refused.readLine());
                refused.answer("ERR 409 stream busy is already published");
                assertTrue(refused.atEnd(), "a rejected camera hangs up without sending frames");
            }
            try (FakeRelay.Camera accepted = relay.accept()) {
                assertEquals("STREAM busy mjpeg quality=high framing=length", accepted.readLine());
                accepted.answer("OK");
                assertArrayEquals(
                        CountingSource.frame(1),
                        accepted.readLengthFramed(),
                        "no frame was taken while rejected");
            }
            assertEquals(1, client.connects());
        }
    }

    @Test
    void reconnectsAfterTheRelayDropsTheConnection() throws Exception {
        try (FakeRelay relay = new FakeRelay();
                CameraClient client =
                        CameraClient.start(
                                CameraSettings.text(
                                        HOST,
                                        relay.port(),
                                        "again",
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        50),
                                new CountingSource(Integer.MAX_VALUE))) {
            try (FakeRelay.Camera first = relay.accept()) {
                first.readLine();
                first.answer("OK");
                assertArrayEquals(CountingSource.frame(1), first.readLengthFramed());
            }
            try (FakeRelay.Camera second = relay.accept()) {
                assertEquals("STREAM again mjpeg quality=high framing=length", second.readLine());
                second.answer("OK");
                assertTrue(
                        new String(second.readLengthFramed(), StandardCharsets.US_ASCII)
                                .startsWith("frame-"));
            }
            assertEquals(2, client.connects());
        }
    }

    @Test
    void reconnectsWhenTheRelayComesBackOnTheSamePort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now, so the client's first attempts are refused
        }
        try (CameraClient client =
                        CameraClient.start(
                                CameraSettings.text(
                                        HOST, port, "late", Quality.HIGH, Framing.LENGTH, 50),
                                new CountingSource(Integer.MAX_VALUE));
                ServerSocket server =
                        new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            try (var socket = server.accept();
                    FakeRelay.Camera camera = new FakeRelay.Camera(socket)) {
                socket.setSoTimeout(10_000);
                assertEquals("STREAM late mjpeg quality=high framing=length", camera.readLine());
                camera.answer("OK");
                assertArrayEquals(CountingSource.frame(1), camera.readLengthFramed());
            }
        }
    }

    @Test
    void runsOnANamedDaemonThreadAndClosePromptlyStopsItAndClosesTheSource() throws Exception {
        CountingSource source = new CountingSource(Integer.MAX_VALUE);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CameraClient client =
                CameraClient.start(
                        CameraSettings.text(
                                HOST, closedPort, "gone", Quality.HIGH, Framing.LENGTH, 10),
                        source);
        Thread thread =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("camrelay-camera-gone"))
                        .findFirst()
                        .orElseThrow();
        assertTrue(thread.isDaemon());

        long start = System.nanoTime();
        client.close();
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) < 0,
                "close while backing off is prompt");
        assertTrue(client.awaitTermination(Duration.ofMillis(1)));
        assertTrue(source.closed());
        assertEquals(0, client.connects());
    }
}

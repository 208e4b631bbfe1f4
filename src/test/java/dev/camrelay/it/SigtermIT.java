package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.WsViewer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: SIGTERM with a camera and viewers attached closes the
 * viewers with a reason, ends the camera connection and exits within a few seconds.
 */
class SigtermIT {

    @Test
    void sigtermClosesViewersCleanlyAndExits() throws Exception {
        Path jar = Path.of("target", "camrelay.jar");
        assertTrue(
                Files.isRegularFile(jar), "the shaded jar is built before integration tests run");
        int http = freePort();
        int ingest = freePort();
        Path log = Files.createTempFile("camrelay-sigterm", ".log");
        Process relay =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                jar.toString(),
                                "--http.port=" + http,
                                "--ingest.port=" + ingest,
                                "--ingest.host=127.0.0.1")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            RelayFixture.await("relay up", Duration.ofSeconds(20), () -> readyz(http));
            try (FakeCamera camera = FakeCamera.legacy(ingest, 6, 0, 1);
                    WsViewer viewer = WsViewer.connect(http, "/ws/stream6");
                    MjpegReader mjpeg = openWhenLive(camera, http)) {
                viewer.next();
                long signalled = System.nanoTime();
                relay.destroy();
                assertTrue(relay.waitFor(10, TimeUnit.SECONDS), "exited after SIGTERM");
                System.out.printf(
                        "SIGTERM with a camera and 2 viewers: exited in %.0f ms%n",
                        (System.nanoTime() - signalled) / 1e6);
                assertEquals(
                        143, relay.exitValue(), "terminated by SIGTERM, through the shutdown hook");
                assertEquals(1001, viewer.closeCode(5000), "WebSocket viewer closed as going away");
                assertTrue(mjpeg.endedByServer(5000), "MJPEG response ended");
                assertTrue(camera.closedByServer(5000), "camera connection ended");
            }
            assertTrue(Files.readString(log).contains("relay stopped"), "the relay's shutdown ran");
        } finally {
            relay.destroyForcibly();
        }
    }

    private static MjpegReader openWhenLive(FakeCamera camera, int http) throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        camera.frame(frames.get(0));
        MjpegReader mjpeg = MjpegReader.open(http, "/mjpeg/stream6");
        mjpeg.nextJpeg();
        return mjpeg;
    }

    private static boolean readyz(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(
                            "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                    .getBytes());
            return new String(socket.getInputStream().readAllBytes()).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

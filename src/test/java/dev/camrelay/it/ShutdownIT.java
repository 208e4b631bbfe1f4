package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.WsViewer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server with cameras and viewers attached ends every connection and frees every
 * thread and port.
 */
class ShutdownIT {

    @Test
    void shutdownWithViewersAttachedFreesEverything() throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        RelayFixture relay = RelayFixture.start();
        int ingestPort = relay.ingestPort();
        int httpPort = relay.httpPort();
        try (FakeCamera camera = FakeCamera.legacy(ingestPort, 4, 0, 0)) {
            camera.frame(frames.get(0));
            RelayFixture.await(
                    "stream4 live", Duration.ofSeconds(5), () -> relay.stream("stream4") != null);
            try (MjpegReader mjpeg = MjpegReader.open(httpPort, "/mjpeg/stream4");
                    WsViewer ws = WsViewer.connect(httpPort, "/ws/stream4?quality=low")) {
                mjpeg.nextJpeg();
                ws.next();
                RelayFixture.await(
                        "two viewers",
                        Duration.ofSeconds(5),
                        () -> ((Number) relay.stream("stream4").get("viewers")).intValue() == 2);

                long started = System.nanoTime();
                relay.close();
                System.out.printf(
                        "shutdown with 1 camera and 2 viewers took %.0f ms%n",
                        (System.nanoTime() - started) / 1e6);

                assertTrue(mjpeg.endedByServer(5000), "MJPEG viewer's response ended");
                assertTrue(ws.closeCode(5000) != 0, "WebSocket viewer closed");
                assertTrue(camera.closedByServer(5000), "camera connection closed");
            }
        }
        RelayFixture.await(
                "relay threads gone",
                Duration.ofSeconds(5),
                () ->
                        Thread.getAllStackTraces().keySet().stream()
                                .noneMatch(t -> t.getName().startsWith("camrelay-")));
        try (ServerSocket ingest = new ServerSocket()) {
            ingest.bind(new InetSocketAddress("127.0.0.1", ingestPort));
            assertEquals(ingestPort, ingest.getLocalPort(), "ingest port released");
        }
        try (ServerSocket http = new ServerSocket()) {
            http.bind(new InetSocketAddress("127.0.0.1", httpPort));
            assertEquals(httpPort, http.getLocalPort(), "HTTP port released");
        }
    }
}

package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DemoCamerasTest {

    @Test
    void demoCamerasPushTestPatternsOverTheTextHandshake() throws Exception {
        try (FakeRelay relay = new FakeRelay();
             DemoCameras demo = DemoCameras.start(InetAddress.getLoopbackAddress().getHostAddress(), relay.port(), 2, 20)) {
            List<FakeRelay.Camera> cameras = new ArrayList<>();
            Set<String> handshakes = new TreeSet<>();
            try {
                for (int i = 0; i < 2; i++) {
                    FakeRelay.Camera camera = relay.accept();
                    cameras.add(camera);
                    handshakes.add(camera.readLine());
                    camera.answer("OK");
                }
                assertEquals(Set.of("STREAM demo1 mjpeg quality=high framing=length",
                        "STREAM demo2 mjpeg quality=high framing=length"), handshakes);
                for (FakeRelay.Camera camera : cameras) {
                    BufferedImage frame = TestPatternTest.decode(camera.readLengthFramed());
                    assertEquals(640, frame.getWidth());
                    assertEquals(360, frame.getHeight());
                }

                demo.close();
                for (FakeRelay.Camera camera : cameras) {
                    while (camera.readLengthFramed() != null) {
                        // frames sent before the close; the clean end marker follows them
                    }
                    assertTrue(camera.atEnd());
                }
                assertEquals(2, demo.cameras().size());
                demo.cameras().forEach(client -> assertEquals(1, client.connects()));
            } finally {
                for (FakeRelay.Camera camera : cameras) {
                    camera.close();
                }
            }
        }
    }

    @Test
    void zeroCamerasIsAnEmptyDemo() {
        try (DemoCameras demo = DemoCameras.start("127.0.0.1", 12345, 0, 10)) {
            assertTrue(demo.cameras().isEmpty());
        }
    }
}

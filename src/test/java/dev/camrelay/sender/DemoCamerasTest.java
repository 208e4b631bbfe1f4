package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                DemoCameras demo =
                        DemoCameras.start(
                                InetAddress.getLoopbackAddress().getHostAddress(),
                                relay.port(),
                                2,
                                20)) {
            List<FakeRelay.Camera> cameras = new ArrayList<>();
            Set<String> handshakes = new TreeSet<>();
            try {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    FakeRelay.Camera camera = relay.accept();
                    cameras.add(camera);
                    lines.add(camera.readLine());
                    camera.answer("OK");
                }
                handshakes.addAll(lines);
                assertEquals(
                        Set.of(
                                "STREAM demo1 mjpeg quality=high framing=length",
                                "STREAM demo1 mjpeg quality=low framing=length",
                                "STREAM demo2 mjpeg quality=high framing=length",
                                "STREAM demo2 mjpeg quality=low framing=length",
                                "STREAM demo-h264 h264 quality=high framing=length",
                                "STREAM demo-ts ts quality=high framing=length"),
                        handshakes);
                for (int i = 0; i < cameras.size(); i++) {
                    byte[] first = cameras.get(i).readLengthFramed();
                    if (lines.get(i).contains(" ts ")) {
                        // whole 188-byte packets, starting at a keyframe with the PAT in front
                        assertEquals(0, first.length % 188);
                        assertEquals(
                                List.of(0x47, 0x40, 0x00),
                                List.of(first[0] & 0xFF, first[1] & 0xFF, first[2] & 0xFF));
                    } else if (lines.get(i).contains(" h264 ")) {
                        // a whole picture per frame, and the clip starts decodably: SPS first
                        assertEquals(
                                List.of(0, 0, 0, 1, 0x67),
                                List.of(
                                        (int) first[0],
                                        (int) first[1],
                                        (int) first[2],
                                        (int) first[3],
                                        first[4] & 0x1F | 0x60));
                    } else {
                        BufferedImage frame = TestPatternTest.decode(first);
                        boolean low = lines.get(i).contains("quality=low");
                        assertEquals(low ? 320 : 640, frame.getWidth());
                        assertEquals(low ? 180 : 360, frame.getHeight());
                    }
                }

                demo.close();
                for (FakeRelay.Camera camera : cameras) {
                    while (camera.readLengthFramed() != null) {
                        // frames sent before the close; the clean end marker follows them
                    }
                    assertTrue(camera.atEnd());
                }
                assertEquals(
                        6,
                        demo.cameras().size(),
                        "two MJPEG cameras in two renditions each, the H.264 and the MPEG-TS one");
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

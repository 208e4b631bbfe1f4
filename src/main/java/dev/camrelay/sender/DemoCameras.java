package dev.camrelay.sender;

import dev.camrelay.media.Quality;
import java.util.ArrayList;
import java.util.List;

/**
 * Built-in demo cameras {@code demo1..demoN}: test patterns pushed through the relay's real ingest
 * port over TCP, so the demo exercises the same path as a real camera. The camera list is filled
 * before {@link #start} returns and never changes afterwards.
 */
public final class DemoCameras implements AutoCloseable {
    private final List<CameraClient> cameras;

    private DemoCameras(List<CameraClient> cameras) {
        this.cameras = cameras;
    }

    /** Starts {@code count} demo cameras (640x360 pattern, text handshake, length framing, quality high). */
    public static DemoCameras start(String host, int ingestPort, int count, int fps) {
        if (count < 0) {
            throw new IllegalArgumentException("demo camera count must be >= 0, not " + count);
        }
        if (fps < 1) {
            throw new IllegalArgumentException("demo camera fps must be >= 1, not " + fps);
        }
        DemoCameras demo = new DemoCameras(new ArrayList<>(count));
        try {
            for (int i = 1; i <= count; i++) {
                String name = "demo" + i;
                CameraSettings settings = CameraSettings.text(host, ingestPort, name, Quality.HIGH, Framing.LENGTH, fps);
                demo.cameras.add(CameraClient.start(settings, new PatternSource(name)));
            }
        } catch (RuntimeException e) {
            demo.close(); // do not leave the cameras started so far running behind a failed start
            throw e;
        }
        return demo;
    }

    public List<CameraClient> cameras() {
        return List.copyOf(cameras);
    }

    @Override
    public void close() {
        // ask all first, so the cameras wind down together instead of one grace period after another
        cameras.forEach(CameraClient::requestStop);
        cameras.forEach(CameraClient::close);
    }
}

package dev.camrelay.it;

import dev.camrelay.testing.FakeCamera;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A camera that stamps each JPEG with its send time ({@link System#nanoTime()}, in a comment
 * segment padded to the picture size asked for), so a viewer can tell how old each picture it gets
 * is. Sends 10 pictures a second on legacy stream 1 from its own thread until closed. The pacing is
 * the simulated camera, not a test assertion.
 */
final class StampingCamera implements AutoCloseable {
    private static final long INTERVAL_NANOS = 100_000_000;

    private final FakeCamera camera;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sender;

    private StampingCamera(FakeCamera camera, byte[] base, int pictureBytes) {
        this.camera = camera;
        this.sender =
                new Thread(
                        () -> {
                            try {
                                while (running.get()) {
                                    camera.frame(stamped(base, System.nanoTime(), pictureBytes));
                                    LockSupport.parkNanos(INTERVAL_NANOS);
                                }
                            } catch (Exception e) {
                                running.set(false);
                            }
                        },
                        "stamping-camera");
        sender.setDaemon(true);
    }

    /** Starts sending {@code pictureBytes} pictures and waits until the stream is live. */
    static StampingCamera start(RelayFixture relay, int pictureBytes) throws Exception {
        StampingCamera stamping =
                new StampingCamera(
                        FakeCamera.legacy(relay.ingestPort(), 1, 0, 1),
                        Jpegs.testsrc().get(0),
                        pictureBytes);
        stamping.sender.start();
        RelayFixture.await("live", Duration.ofSeconds(5), () -> relay.stream("stream1") != null);
        return stamping;
    }

    /** How long ago the camera sent this picture, in milliseconds. */
    static long ageMillis(byte[] jpeg) {
        return (System.nanoTime() - ByteBuffer.wrap(jpeg, 6, 8).getLong()) / 1_000_000;
    }

    private static byte[] stamped(byte[] jpeg, long nanos, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int pad = Math.max(8, Math.min(65_000, size - jpeg.length));
        out.write(0xFF);
        out.write(0xFE);
        out.write((pad + 2) >> 8);
        out.write((pad + 2) & 0xFF);
        byte[] body = new byte[pad];
        ByteBuffer.wrap(body).putLong(nanos);
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        sender.join(5_000);
        camera.close();
    }
}

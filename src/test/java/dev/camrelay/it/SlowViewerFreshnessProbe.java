package dev.camrelay.it;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.Throttle;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check (run on demand: {@code -Dit.test=SlowViewerFreshnessProbe
 * -Dprobe.sendBuffer=N}, default 0): how old the newest picture of a throttled MJPEG viewer is. The
 * camera stamps each JPEG with its send time in a comment segment; the viewer reads at 100 KB/s a
 * 10 fps stream of 20 KB pictures, and the ages of the last 5 s of pictures are printed.
 */
class SlowViewerFreshnessProbe {

    @Test
    void measure() throws Exception {
        String sendBuffer = System.getProperty("probe.sendBuffer", "0");
        byte[] base = Jpegs.testsrc().get(0);
        try (RelayFixture relay = RelayFixture.start("--http.send.buffer=" + sendBuffer);
                FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), 1, 0, 1)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sender =
                    new Thread(
                            () -> {
                                try {
                                    while (running.get()) {
                                        camera.frame(stamped(base, System.nanoTime(), 20_000));
                                        LockSupport.parkNanos(100_000_000);
                                    }
                                } catch (Exception e) {
                                    running.set(false);
                                }
                            });
            sender.start();
            camera.frame(stamped(base, System.nanoTime(), 20_000));
            RelayFixture.await(
                    "live", Duration.ofSeconds(5), () -> relay.stream("stream1") != null);
            Throttle throttle = new Throttle();
            throttle.limit(100_000);
            List<long[]> ages = new ArrayList<>();
            long start = System.nanoTime();
            try (MjpegReader viewer =
                    MjpegReader.openThrottled(relay.httpPort(), "/mjpeg/stream1", throttle)) {
                while (System.nanoTime() - start < 25_000_000_000L) {
                    byte[] jpeg = viewer.nextJpeg();
                    long now = System.nanoTime();
                    ages.add(
                            new long[] {
                                (now - start) / 1_000_000, (now - stamp(jpeg)) / 1_000_000
                            });
                }
            }
            running.set(false);
            sender.join();
            StringBuilder report =
                    new StringBuilder("send.buffer=" + sendBuffer + " ages (t ms: age ms):");
            for (long[] age : ages) {
                if (age[0] >= 5_000 && ages.indexOf(age) % 5 == 0) {
                    report.append(' ').append(age[0]).append(':').append(age[1]);
                }
            }
            System.out.println(report);
        }
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

    private static long stamp(byte[] jpeg) {
        return ByteBuffer.wrap(jpeg, 6, 8).getLong();
    }
}

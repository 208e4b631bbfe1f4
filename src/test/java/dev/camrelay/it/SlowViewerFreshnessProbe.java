package dev.camrelay.it;

import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.Throttle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check (run on demand: {@code -Dit.test=SlowViewerFreshnessProbe
 * -Dprobe.sendBuffer=N}, default 0): how old the newest picture of a throttled MJPEG viewer is. The
 * camera stamps each JPEG with its send time; the viewer reads at 100 KB/s a 10 fps stream of 20 KB
 * pictures, and the ages of the pictures after the first 5 s are printed.
 */
class SlowViewerFreshnessProbe {

    @Test
    void measure() throws Exception {
        String sendBuffer = System.getProperty("probe.sendBuffer", "0");
        try (RelayFixture relay = RelayFixture.start("--http.send.buffer=" + sendBuffer);
                StampingCamera camera = StampingCamera.start(relay, 20_000)) {
            Throttle throttle = new Throttle();
            throttle.limit(100_000);
            List<long[]> ages = new ArrayList<>();
            long start = System.nanoTime();
            try (MjpegReader viewer =
                    MjpegReader.openThrottled(relay.httpPort(), "/mjpeg/stream1", throttle)) {
                while (System.nanoTime() - start < 25_000_000_000L) {
                    byte[] jpeg = viewer.nextJpeg();
                    ages.add(
                            new long[] {
                                (System.nanoTime() - start) / 1_000_000,
                                StampingCamera.ageMillis(jpeg)
                            });
                }
            }
            StringBuilder report =
                    new StringBuilder("send.buffer=" + sendBuffer + " ages (t ms: age ms):");
            for (int i = 0; i < ages.size(); i += 5) {
                if (ages.get(i)[0] >= 5_000) {
                    report.append(' ').append(ages.get(i)[0]).append(':').append(ages.get(i)[1]);
                }
            }
            System.out.println(report);
        }
    }
}

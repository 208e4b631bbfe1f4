package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.Throttle;
import dev.camrelay.testing.ThrottledWsClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A viewer on a slow link watches fresh pictures with the default settings: a 10 fps stream of 20
 * KB pictures (200 KB/s) read at 100 KB/s, over MJPEG and over a WebSocket. The camera stamps each
 * picture with its send time; after 12 s of throttling, the typical age of what the viewer gets
 * must stay well under what megabytes of kernel buffer below the latest-wins slot would give (a
 * backlog that grows by about a second each second at these rates).
 */
class SlowViewerFreshnessIT {
    private static final long LINK_BYTES_PER_SECOND = 100_000;
    private static final long SETTLE_NANOS = 12_000_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;
    private static final long FRESH_MILLIS = 2_500;

    private static RelayFixture relay;
    private static StampingCamera camera;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start();
        camera = StampingCamera.start(relay, 20_000);
    }

    @AfterAll
    static void stop() throws Exception {
        camera.close();
        relay.close();
    }

    interface PictureSource {
        byte[] next() throws Exception;
    }

    @Test
    void mjpegViewerOnASlowLinkSeesFreshPictures() throws Exception {
        Throttle throttle = new Throttle();
        throttle.limit(LINK_BYTES_PER_SECOND);
        try (MjpegReader viewer =
                MjpegReader.openThrottled(relay.httpPort(), "/mjpeg/stream1", throttle)) {
            assertFresh("MJPEG", viewer::nextJpeg);
        }
    }

    @Test
    void webSocketViewerOnASlowLinkSeesFreshPictures() throws Exception {
        Throttle throttle = new Throttle();
        throttle.limit(LINK_BYTES_PER_SECOND);
        try (ThrottledWsClient viewer =
                new ThrottledWsClient(relay.httpPort(), "/ws/stream1", throttle)) {
            assertFresh("WebSocket", viewer::nextBinary);
        }
    }

    /** Reads for the settling time, then asserts on the median age over the measuring window. */
    private static void assertFresh(String viewer, PictureSource pictures) throws Exception {
        long start = System.nanoTime();
        List<Long> ages = new ArrayList<>();
        while (System.nanoTime() - start < SETTLE_NANOS + MEASURE_NANOS) {
            byte[] jpeg = pictures.next();
            if (System.nanoTime() - start >= SETTLE_NANOS) {
                ages.add(StampingCamera.ageMillis(jpeg));
            }
        }
        assertTrue(ages.size() >= 3, viewer + ": too few pictures to judge: " + ages);
        List<Long> sorted = new ArrayList<>(ages);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        System.out.println(viewer + " viewer at 100 KB/s, picture ages (ms) after 12 s: " + ages);
        assertTrue(
                median < FRESH_MILLIS,
                viewer
                        + ": pictures "
                        + median
                        + " ms old (median) after 12 s on a slow link; ages: "
                        + ages);
    }
}

package dev.camrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.LiveStream;
import dev.camrelay.stream.Publication;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The send buffer a viewer gets: its stream's join pictures, bounded, or the configured size. */
class ViewerSendBufferTest {
    private final StreamRegistry registry =
            new StreamRegistry(4, 4, Duration.ofMinutes(1), Duration.ofHours(1), 8 << 20);
    private final ViewerSendBuffer perViewer = new ViewerSendBuffer(0);

    private LiveStream stream(String name) {
        return registry.find(name, Quality.HIGH).orElseThrow();
    }

    @Test
    void sizedToTheNewestJpeg() throws Exception {
        Publication camera = registry.publish(new StreamKey("jpeg", Quality.HIGH), Format.MJPEG);
        assertEquals(ViewerSendBuffer.UNKNOWN_PICTURE_BYTES, perViewer.bytesFor(stream("jpeg")));
        camera.publish(new byte[200_000], true);
        camera.publish(new byte[90_000], true);
        assertEquals(90_000, perViewer.bytesFor(stream("jpeg")));
    }

    @Test
    void sizedToTheLargestPictureOfTheCurrentGop() throws Exception {
        Publication camera = registry.publish(new StreamKey("h264", Quality.HIGH), Format.H264);
        camera.publish(new byte[150_000], true);
        camera.publish(new byte[5_000], false);
        assertEquals(150_000, perViewer.bytesFor(stream("h264")));
        camera.publish(new byte[60_000], true);
        camera.publish(new byte[5_000], false);
        assertEquals(60_000, perViewer.bytesFor(stream("h264")), "the old GOP is gone");
    }

    @Test
    void boundedBelowAndAbove() throws Exception {
        Publication small = registry.publish(new StreamKey("small", Quality.HIGH), Format.MJPEG);
        small.publish(new byte[1_000], true);
        assertEquals(ViewerSendBuffer.MIN_BYTES, perViewer.bytesFor(stream("small")));
        Publication huge = registry.publish(new StreamKey("huge", Quality.HIGH), Format.MJPEG);
        huge.publish(new byte[3 << 20], true);
        assertEquals(ViewerSendBuffer.MAX_BYTES, perViewer.bytesFor(stream("huge")));
    }

    @Test
    void aConfiguredSizeWinsForEveryStream() throws Exception {
        Publication camera = registry.publish(new StreamKey("jpeg", Quality.HIGH), Format.MJPEG);
        camera.publish(new byte[90_000], true);
        assertEquals(262_144, new ViewerSendBuffer(262_144).bytesFor(stream("jpeg")));
    }

    @Test
    void setsTheSocketsSendBuffer() throws Exception {
        Publication camera = registry.publish(new StreamKey("jpeg", Quality.HIGH), Format.MJPEG);
        camera.publish(new byte[40_000], true);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                perViewer.fit(accepted, stream("jpeg"));
                int granted = accepted.getOption(StandardSocketOptions.SO_SNDBUF);
                // Linux doubles what is asked for its bookkeeping; other kernels may not
                assertTrue(
                        granted >= 40_000 && granted <= 2 * 40_000 + 4096,
                        "send buffer " + granted);
            }
        }
    }
}

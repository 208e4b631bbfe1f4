package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.WsViewer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's ffmpeg publishes live H.264, raw and length-framed; WebSocket viewers joining mid-GOP
 * start at SPS+PPS+IDR, and whatever a viewer received decodes with zero errors, also after it
 * stalled and the relay skipped it to the next keyframe.
 */
class H264RelayIT {
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--ws.queue.frames=8", "--viewer.stall.timeout=30s");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void rawAnnexBFromFfmpegReachesALateJoinerAsDecodablePictures() throws Exception {
        Process ffmpeg = Ffmpeg.liveH264("testsrc=size=320x240:rate=10", 10, 30);
        try (Socket camera = new Socket("127.0.0.1", relay.ingestPort())) {
            handshake(camera, "STREAM h264raw h264 framing=raw");
            Thread pipe = pipe(ffmpeg.getInputStream(), camera.getOutputStream());
            RelayFixture.await(
                    "a GOP and a half ingested",
                    Duration.ofSeconds(15),
                    () ->
                            relay.stream("h264raw") != null
                                    && ((Number) relay.stream("h264raw").get("framesIn")).intValue()
                                            >= 15);
            Map<String, Object> api = relay.stream("h264raw");
            assertEquals("h264", api.get("format"));
            assertEquals(320, api.get("width"));
            assertEquals(240, api.get("height"));
            assertTrue(
                    String.valueOf(api.get("codec")).startsWith("avc1.42"),
                    "Constrained Baseline codec string: " + api.get("codec"));

            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/h264raw")) {
                assertEquals(
                        "null",
                        viewer.negotiatedExtensions(),
                        "permessage-deflate must be off for video");
                List<byte[]> messages = new ArrayList<>();
                messages.add(viewer.next());
                System.out.printf(
                        "H.264 late joiner: first decodable picture %.1f ms after connecting%n",
                        (viewer.nextArrival() - viewer.connectNanos()) / 1e6);
                assertStartsDecodable(messages.get(0));
                for (int i = 1; i < 30; i++) {
                    messages.add(viewer.next());
                }
                assertDecodes(messages, 30);
            }
            pipe.interrupt();
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void oneNalPerLengthFrameLikeTheOriginalCamerasOnTheLegacyRoute() throws Exception {
        // libx264's zerolatency threads cut each picture into slices: one NAL per frame is then
        // part of a picture, so the relay must wait for the next picture to begin (one frame)
        List<Double> latencies = publishOneNalPerFrame(12);
        System.out.printf(
                "H.264 one NAL per frame, sliced pictures: relay latency p50 %.1f ms, max %.1f ms over %d pictures%n",
                latencies.get(latencies.size() / 2),
                latencies.get(latencies.size() - 1),
                latencies.size());
    }

    @Test
    void wholePicturesPerFrameAreForwardedWithoutWaitingForTheNextPicture() throws Exception {
        // one slice per picture: each frame is a whole picture, which the relay learns and uses
        List<Double> latencies =
                publishOneNalPerFrame(13, "-x264-params", "sliced-threads=0:slices=1");
        System.out.printf(
                "H.264 one picture per frame: relay latency p50 %.1f ms, max %.1f ms over %d pictures%n",
                latencies.get(latencies.size() / 2),
                latencies.get(latencies.size() - 1),
                latencies.size());
    }

    /**
     * ffmpeg's NAL units, each sent as its own length-prefixed frame behind the legacy header (type
     * 1), watched on the legacy route /stream<N>; returns the relay's latency per picture, from the
     * camera's write to the viewer's message, sorted.
     */
    private static List<Double> publishOneNalPerFrame(int streamNumber, String... encoderArgs)
            throws Exception {
        Process ffmpeg = Ffmpeg.liveH264("testsrc=size=320x240:rate=10", 10, 30, encoderArgs);
        Map<Integer, Long> sliceSent = new ConcurrentHashMap<>();
        try (FakeCamera camera = FakeCamera.legacy(relay.ingestPort(), streamNumber, 1, 1)) {
            Thread sender =
                    new Thread(
                            () -> {
                                try {
                                    Ffmpeg.forEachNal(
                                            ffmpeg.getInputStream(),
                                            nal -> {
                                                byte[] annexB = new byte[4 + nal.length];
                                                annexB[3] = 1;
                                                System.arraycopy(nal, 0, annexB, 4, nal.length);
                                                int type = nal[0] & 0x1F;
                                                if (type == 1 || type == 5) {
                                                    sliceSent.put(
                                                            Arrays.hashCode(nal),
                                                            System.nanoTime());
                                                }
                                                camera.frame(annexB);
                                            });
                                } catch (Exception e) {
                                    // the test ends the camera by closing the socket
                                }
                            },
                            "ffmpeg-to-legacy-camera");
            sender.start();
            String name = "stream" + streamNumber;
            RelayFixture.await(
                    name + " has pictures",
                    Duration.ofSeconds(15),
                    () ->
                            relay.stream(name) != null
                                    && ((Number) relay.stream(name).get("framesIn")).intValue()
                                            >= 3);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/" + name)) {
                List<byte[]> messages = new ArrayList<>();
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    byte[] message = viewer.next();
                    long arrived = viewer.nextArrival();
                    messages.add(message);
                    // the first GOP's worth is the join burst from the cache; after it, pictures
                    // are live
                    if (i >= 10) {
                        long lastSlice =
                                Ffmpeg.nalUnitsOf(message).stream()
                                        .map(nal -> sliceSent.get(Arrays.hashCode(nal)))
                                        .filter(java.util.Objects::nonNull)
                                        .mapToLong(Long::longValue)
                                        .max()
                                        .orElseThrow();
                        latencies.add((arrived - lastSlice) / 1e6);
                    }
                }
                assertStartsDecodable(messages.get(0));
                assertDecodes(messages, 30);
                Collections.sort(latencies);
                return latencies;
            } finally {
                sender.interrupt();
            }
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void aViewerThatStalledAndResumedStillDecodesCleanly() throws Exception {
        Process ffmpeg =
                Ffmpeg.liveH264(
                        "testsrc=size=640x480:rate=30,noise=alls=40:allf=t",
                        30,
                        30,
                        "-preset",
                        "ultrafast",
                        "-crf",
                        "18");
        try (Socket camera = new Socket("127.0.0.1", relay.ingestPort())) {
            handshake(camera, "STREAM h264noisy h264 framing=raw");
            Thread pipe = pipe(ffmpeg.getInputStream(), camera.getOutputStream());
            RelayFixture.await(
                    "h264noisy live",
                    Duration.ofSeconds(15),
                    () ->
                            relay.stream("h264noisy") != null
                                    && ((Number) relay.stream("h264noisy").get("framesIn"))
                                                    .intValue()
                                            >= 5);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/h264noisy")) {
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    messages.add(viewer.next());
                }
                long droppedBefore =
                        ((Number) relay.stream("h264noisy").get("framesDropped")).longValue();
                viewer.pause();
                RelayFixture.await(
                        "the relay skipped the stalled viewer ahead",
                        Duration.ofSeconds(20),
                        () ->
                                ((Number) relay.stream("h264noisy").get("framesDropped"))
                                                .longValue()
                                        > droppedBefore + 30);
                viewer.resume();
                for (int i = 0; i < 200; i++) {
                    messages.add(viewer.next());
                }
                assertTrue(
                        messages.stream().skip(10).anyMatch(m -> Ffmpeg.nalTypes(m).contains(5)),
                        "resumed at a keyframe");
                assertDecodes(messages, messages.size());
            }
            pipe.interrupt();
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    /**
     * The first message a viewer gets is a keyframe carrying its parameter sets: SPS, PPS (SEI may
     * follow), then IDR.
     */
    private static void assertStartsDecodable(byte[] first) {
        List<Integer> types = Ffmpeg.nalTypes(first);
        assertEquals(List.of(7, 8), types.subList(0, 2), "SPS and PPS first: " + types);
        assertTrue(types.contains(5), "an IDR picture: " + types);
    }

    private static void assertDecodes(List<byte[]> messages, int pictures) throws Exception {
        for (byte[] m : messages) {
            assertTrue(
                    Ffmpeg.nalTypes(m).stream().anyMatch(t -> t == 1 || t == 5),
                    "every message holds a picture");
        }
        var file = Ffmpeg.write(messages);
        assertEquals(
                "", Ffmpeg.decodeErrors(file), "ffmpeg -xerror decodes what the viewer received");
        assertEquals(pictures, Ffmpeg.countFrames(file), "one picture per message");
    }

    private static void handshake(Socket camera, String line) throws Exception {
        camera.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = camera.getInputStream();
        StringBuilder answer = new StringBuilder();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            answer.append((char) b);
        }
        assertEquals("OK", answer.toString());
    }

    private static Thread pipe(InputStream from, OutputStream to) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                from.transferTo(to);
                            } catch (Exception e) {
                                // ends when the test closes the camera socket
                            }
                        },
                        "ffmpeg-to-camera-socket");
        thread.start();
        return thread;
    }
}

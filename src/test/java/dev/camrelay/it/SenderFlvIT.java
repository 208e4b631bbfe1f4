package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's FLV recipe end to end: raw frames written one at a time into {@code ffmpeg ... -f
 * flv - | java ... send --stdin --format h264}, a real relay and a WebSocket viewer. Each picture
 * must reach the viewer before the next frame even exists, which a sender that cuts pictures at the
 * next start code (holding one picture) cannot do.
 */
class SenderFlvIT {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    /** Frames the relay may use to learn that the sender's frames end at picture ends. */
    private static final int WARM_UP = 6;

    private static final int MEASURED = 6;

    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void eachPictureReachesTheViewerBeforeTheNextFrameIsEncoded() throws Exception {
        Process pipeline = startPipeline("flvcam");
        List<byte[]> received = new ArrayList<>();
        try (OutputStream frames = pipeline.getOutputStream()) {
            for (int i = 0; i < WARM_UP; i++) {
                frames.write(frame(i));
            }
            frames.flush();
            RelayFixture.await(
                    "the warm-up pictures ingested",
                    Duration.ofSeconds(30),
                    () -> framesIn("flvcam") >= WARM_UP);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/flvcam")) {
                for (int i = 0; i < WARM_UP; i++) {
                    received.add(viewer.next()); // the join cache: keyframe 0 and all since
                    viewer.nextArrival();
                }
                long[] latencies = new long[MEASURED];
                for (int i = WARM_UP; i < WARM_UP + MEASURED; i++) {
                    long written = System.nanoTime();
                    frames.write(frame(i));
                    frames.flush();
                    // frame i + 1 is not written yet, so picture i must come without it
                    received.add(viewer.next());
                    latencies[i - WARM_UP] = viewer.nextArrival() - written;
                }
                Arrays.sort(latencies);
                System.out.printf(
                        "FLV sender: raw frame into ffmpeg to viewer message p50 %.1f ms,"
                                + " max %.1f ms over %d pictures%n",
                        latencies[MEASURED / 2] / 1e6, latencies[MEASURED - 1] / 1e6, MEASURED);
            }
        } finally {
            assertTrue(pipeline.waitFor(30, TimeUnit.SECONDS), "the pipeline ends with its input");
            pipeline.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        assertEquals(0, pipeline.exitValue(), "ffmpeg and the sender exit cleanly");
        int[] levels = decodedLevels(received);
        int[] expected = new int[WARM_UP + MEASURED];
        Arrays.setAll(expected, SenderFlvIT::level);
        assertEquals(expected.length, levels.length, "one picture per message");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(
                    Math.abs(expected[i] - levels[i]) <= 6,
                    "message " + i + " shows frame " + i + ": " + Arrays.toString(levels));
        }
    }

    /** {@code ffmpeg ... -f flv - | java ... send --stdin --format h264}, as the README has it. */
    private static Process startPipeline(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script =
                "ffmpeg -hide_banner -loglevel error -f rawvideo -pix_fmt gray -s "
                        + WIDTH
                        + "x"
                        + HEIGHT
                        + " -framerate 10 -i - -c:v libx264 -pix_fmt yuv420p -profile:v baseline"
                        + " -tune zerolatency -g 600 -bf 0 -threads 1 -f flv -"
                        + " | \"$JAVA\" -cp \"$CP\" dev.camrelay.Main send --stdin --format h264"
                        + " --fps 0 --name "
                        + name
                        + " --port "
                        + relay.ingestPort();
        ProcessBuilder builder =
                new ProcessBuilder("bash", "-o", "pipefail", "-c", script)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("JAVA", java);
        builder.environment().put("CP", System.getProperty("java.class.path"));
        return builder.start();
    }

    private int framesIn(String name) throws Exception {
        var stream = relay.stream(name);
        return stream == null ? 0 : ((Number) stream.get("framesIn")).intValue();
    }

    /** A flat grey frame whose level says which frame it is. */
    private static byte[] frame(int index) {
        byte[] frame = new byte[WIDTH * HEIGHT];
        Arrays.fill(frame, (byte) level(index));
        return frame;
    }

    private static int level(int index) {
        return 30 + 16 * index;
    }

    /** ffmpeg decodes the messages as one Annex B stream; the mean grey level of each picture. */
    private static int[] decodedLevels(List<byte[]> messages) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            stream.write(message);
        }
        Process decoder =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-f",
                                "h264",
                                "-i",
                                "-",
                                "-f",
                                "rawvideo",
                                "-pix_fmt",
                                "gray",
                                "-")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        Thread writer =
                new Thread(
                        () -> {
                            try (OutputStream in = decoder.getOutputStream()) {
                                in.write(stream.toByteArray());
                            } catch (IOException e) {
                                // the decoder ended early: its output is short, which fails below
                            }
                        });
        writer.start();
        byte[] pixels = decoder.getInputStream().readAllBytes();
        assertTrue(decoder.waitFor(30, TimeUnit.SECONDS));
        writer.join();
        int pictures = pixels.length / (WIDTH * HEIGHT);
        int[] levels = new int[pictures];
        for (int p = 0; p < pictures; p++) {
            long sum = 0;
            for (int i = 0; i < WIDTH * HEIGHT; i++) {
                sum += pixels[p * WIDTH * HEIGHT + i] & 0xff;
            }
            levels[p] = (int) (sum / (WIDTH * HEIGHT));
        }
        return levels;
    }
}

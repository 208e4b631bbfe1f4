package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.WsViewer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/<name>?format=fmp4}: Debian's ffmpeg publishes live H.264; a WebSocket viewer gets an
 * init segment, then one fragment per picture, starting at the cached keyframe; ffprobe reads what
 * it received with zero errors, also across a change of picture size.
 */
class Fmp4RelayIT {
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--viewer.stall.timeout=30s");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void aLateJoinerGetsAnInitSegmentThenFragmentsThatFfprobeReads() throws Exception {
        Process ffmpeg = Ffmpeg.liveH264("testsrc=size=320x240:rate=10", 10, 30);
        try (Socket camera = publish("fmp4cam", ffmpeg)) {
            RelayFixture.await(
                    "a GOP and a half ingested",
                    Duration.ofSeconds(15),
                    () -> framesIn("fmp4cam") >= 15);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/fmp4cam?format=fmp4")) {
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    messages.add(viewer.next());
                }
                assertEquals("ftyp", boxType(messages.get(0), 0), "the init segment comes first");
                for (byte[] message : messages.subList(1, messages.size())) {
                    assertEquals("moof", boxType(message, 0), "then one fragment per message");
                }
                Path file = Ffmpeg.write(messages);
                assertEquals("h264,320,240", probeStream(file));
                assertEquals(
                        "", decodeErrors(file), "ffmpeg -xerror decodes what the viewer received");
                assertEquals(30, Ffmpeg.countFrames(file, "mov"), "one picture per message");
            }
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void aNewPictureSizeGetsANewInitSegment() throws Exception {
        Process large = Ffmpeg.liveH264("testsrc=size=320x240:rate=10", 10, 30);
        Process small = null;
        try (Socket first = publish("fmp4resize", large);
                WsViewer viewer = awaitViewer("fmp4resize")) {
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                messages.add(viewer.next());
            }
            first.close();
            large.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            small = Ffmpeg.liveH264("testsrc=size=160x120:rate=10", 10, 30);
            try (Socket second = publish("fmp4resize", small)) {
                int afterChange = -1;
                while (afterChange < 0 || messages.size() < afterChange + 12) {
                    byte[] message = viewer.next();
                    if (afterChange < 0 && boxType(message, 0).equals("ftyp")) {
                        afterChange = messages.size();
                    }
                    messages.add(message);
                }
                Path file = Ffmpeg.write(messages);
                assertEquals("", decodeErrors(file), "ffmpeg -xerror decodes across the change");
                List<String> sizes = Ffmpeg.pictureSizes(file, "mov");
                assertEquals(messages.size(), sizes.size(), "one picture per message: " + sizes);
                assertEquals("320x240", sizes.get(afterChange - 1));
                assertEquals("160x120", sizes.get(afterChange));
                assertEquals(
                        "h264,160,120",
                        probeStream(Ffmpeg.write(messages.subList(afterChange, messages.size()))));
            }
        } finally {
            large.destroyForcibly();
            if (small != null) {
                small.destroyForcibly();
            }
        }
    }

    @Test
    void anMjpegStreamRefusesFmp4() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(
                        relay.ingestPort(), "STREAM fmp4jpeg mjpeg framing=length", answer)) {
            assertEquals("OK", answer.toString());
            camera.frame(Jpegs.resource("bars-320x240.jpg"));
            RelayFixture.await(
                    "the JPEG stream exists",
                    Duration.ofSeconds(10),
                    () -> relay.stream("fmp4jpeg") != null);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/fmp4jpeg?format=fmp4")) {
                assertEquals(4415, viewer.closeCode(10_000));
            }
        }
    }

    private static WsViewer awaitViewer(String name) throws Exception {
        RelayFixture.await(
                name + " has pictures", Duration.ofSeconds(15), () -> framesIn(name) >= 3);
        return WsViewer.connect(relay.httpPort(), "/ws/" + name + "?format=fmp4");
    }

    /** A camera socket for {@code name} fed by {@code ffmpeg}'s stdout. */
    private static Socket publish(String name, Process ffmpeg) throws Exception {
        Socket camera = new Socket("127.0.0.1", relay.ingestPort());
        camera.getOutputStream()
                .write(
                        ("STREAM " + name + " h264 framing=raw\n")
                                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = camera.getInputStream();
        StringBuilder answer = new StringBuilder();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            answer.append((char) b);
        }
        assertEquals("OK", answer.toString());
        OutputStream out = camera.getOutputStream();
        Thread pipe =
                new Thread(
                        () -> {
                            try {
                                ffmpeg.getInputStream().transferTo(out);
                            } catch (Exception e) {
                                // ends when the test closes the camera socket
                            }
                        },
                        "ffmpeg-to-" + name);
        pipe.setDaemon(true);
        pipe.start();
        return camera;
    }

    private static long framesIn(String name) throws Exception {
        var stream = relay.stream(name);
        return stream == null ? 0 : ((Number) stream.get("framesIn")).longValue();
    }

    /** The type of the box at {@code offset}. */
    private static String boxType(byte[] message, int offset) {
        assertTrue(message.length >= offset + 8, "a whole box header");
        return new String(message, offset + 4, 4, StandardCharsets.US_ASCII);
    }

    /**
     * Decodes an fMP4 file with {@code -xerror}; empty when it decoded cleanly. Decode times are
     * arrival times, which may lie closer together than ffmpeg's guessed frame rate ticks, so the
     * output keeps the input's 90 kHz time base ({@code -enc_time_base -1}) instead of that rate's.
     */
    private static String decodeErrors(Path file) throws Exception {
        Process p =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-v",
                                "error",
                                "-xerror",
                                "-f",
                                "mov",
                                "-i",
                                file.toString(),
                                "-enc_time_base",
                                "-1",
                                "-f",
                                "null",
                                "-")
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        return p.exitValue() == 0 ? output : "exit " + p.exitValue() + ": " + output;
    }

    /**
     * ffprobe's codec, width and height of the video stream; any error it prints shows up here too.
     */
    private static String probeStream(Path file) throws Exception {
        Process p =
                new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-show_entries",
                                "stream=codec_name,width,height",
                                "-of",
                                "csv=p=0",
                                "-f",
                                "mov",
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        return output;
    }
}

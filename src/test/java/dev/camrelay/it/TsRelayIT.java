package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Format;
import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.WsViewer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's ffmpeg publishes MPEG-TS (MPEG-1 video + MP2 audio, as jsmpeg wants it) over TCP and
 * over HTTP POST; a late WebSocket viewer starts on a packet boundary at a sequence header and what
 * it received decodes with zero errors. A length-framed camera that sends one picture per message,
 * as the bundled sender does, has each picture reach a viewer before it sends the next; so does a
 * raw one's, whose last packet ffmpeg stuffs.
 */
class TsRelayIT {
    private static final int TABLES = 2 * 188;
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
    void tsOverTcpReachesALateJoinerDecodably() throws Exception {
        Process ffmpeg = Ffmpeg.liveTs(30, "-");
        try (Socket camera = new Socket("127.0.0.1", relay.ingestPort())) {
            camera.getOutputStream()
                    .write("STREAM tstcp ts framing=raw\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("OK", readLine(camera.getInputStream()));
            Thread pipe =
                    new Thread(
                            () -> {
                                try {
                                    ffmpeg.getInputStream().transferTo(camera.getOutputStream());
                                } catch (Exception e) {
                                    // ends with the test
                                }
                            },
                            "ffmpeg-to-camera-socket");
            pipe.start();
            watchLateAndDecode("tstcp");
            pipe.interrupt();
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void tsOverHttpPostLikeJsmpegsRelay() throws Exception {
        Process ffmpeg =
                Ffmpeg.liveTs(30, "http://127.0.0.1:" + relay.httpPort() + "/ingest/tspush");
        try {
            watchLateAndDecode("tspush");
        } finally {
            ffmpeg.destroyForcibly();
        }
        RelayFixture.await(
                "the push ended with ffmpeg",
                Duration.ofSeconds(10),
                () -> "offline".equals(relay.stream("tspush").get("state")));
    }

    /** Joins after more than a GOP has passed; checks the start, decodes 3 s of what arrived. */
    private static void watchLateAndDecode(String name) throws Exception {
        RelayFixture.await(
                name + " past its first GOP",
                Duration.ofSeconds(15),
                () ->
                        relay.stream(name) != null
                                && ((Number) relay.stream(name).get("framesIn")).intValue() >= 35);
        assertEquals("ts", relay.stream(name).get("format"));
        try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/" + name)) {
            List<byte[]> messages = new ArrayList<>();
            messages.add(viewer.next());
            System.out.printf(
                    "TS late joiner: first picture %.1f ms after connecting%n",
                    (viewer.nextArrival() - viewer.connectNanos()) / 1e6);
            assertStartsAtSequenceHeader(messages.get(0));
            for (int i = 1; i < 75; i++) {
                messages.add(viewer.next());
            }
            for (byte[] m : messages) {
                assertEquals(0, m.length % 188, "whole 188-byte packets only");
            }
            var file = Ffmpeg.write(messages);
            assertEquals(
                    "",
                    Ffmpeg.decodeErrors(file, "mpegts"),
                    "ffmpeg -xerror decodes what the viewer received");
            assertTrue(Ffmpeg.countFrames(file, "mpegts") >= 70, "about one picture per message");
        }
    }

    /**
     * The demo camera's clip cut into pictures by the relay's own demuxer, as the sender cuts a .ts
     * file.
     */
    private static List<byte[]> pictures() throws Exception {
        try (InputStream in =
                TsRelayIT.class.getResourceAsStream("/demo/testsrc2-320x240-mpeg1.ts")) {
            byte[] clip = in.readAllBytes();
            List<byte[]> pictures = new ArrayList<>();
            Demuxers.of(Format.TS, 8 << 20)
                    .feed(clip, 0, clip.length, (payload, keyframe) -> pictures.add(payload));
            return pictures;
        }
    }

    @Test
    void aLengthFramedPicturePerMessageReachesTheViewerBeforeTheNextIsSent() throws Exception {
        List<byte[]> pictures = pictures();
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(
                        relay.ingestPort(), "STREAM tsmessages ts framing=length", answer)) {
            assertEquals("OK", answer.toString());
            // while the relay learns, a picture comes out when the next one begins
            camera.frame(pictures.get(0));
            camera.frame(pictures.get(1));
            RelayFixture.await(
                    "the first picture published",
                    Duration.ofSeconds(10),
                    () ->
                            relay.stream("tsmessages") != null
                                    && ((Number) relay.stream("tsmessages").get("framesIn"))
                                                    .intValue()
                                            == 1);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/tsmessages")) {
                List<byte[]> received = new ArrayList<>(List.of(viewer.next()));
                assertPicture(
                        pictures.get(0),
                        received.get(0),
                        "the join cache: the first picture, a keyframe");
                viewer.nextArrival();
                List<Double> latencies = new ArrayList<>();
                for (int k = 2; k < pictures.size(); k++) {
                    long sent = System.nanoTime();
                    camera.frame(pictures.get(k));
                    // while learning, message k completes picture k - 1 as it begins; from message
                    // 3
                    // on (the third piece of evidence) picture k comes out at its end as well
                    int first = k <= 3 ? k - 1 : k;
                    int last = k < 3 ? k - 1 : k;
                    for (int j = first; j <= last; j++) {
                        received.add(viewer.next());
                        assertPicture(
                                pictures.get(j),
                                received.get(j),
                                "picture " + j + " after message " + k);
                        long arrived = viewer.nextArrival();
                        if (j == k) {
                            latencies.add((arrived - sent) / 1e6);
                        }
                    }
                }
                Collections.sort(latencies);
                System.out.printf(
                        "TS one picture per length-framed message: relay latency p50 %.1f ms, max %.1f ms over %d pictures%n",
                        latencies.get(latencies.size() / 2),
                        latencies.get(latencies.size() - 1),
                        latencies.size());
                assertEquals(
                        "",
                        Ffmpeg.decodeErrors(Ffmpeg.write(received), "mpegts"),
                        "ffmpeg -xerror decodes what the viewer received");
            }
            camera.end();
        }
    }

    /**
     * The README's jsmpeg recipe (low-delay MPEG-1) into a file, read back as packets: ffmpeg pads
     * the last packet of each video PES packet with adaptation-field stuffing.
     */
    private static byte[] lowDelayClip() throws Exception {
        Process ffmpeg =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc=size=320x240:rate=25",
                                "-t",
                                "1",
                                "-f",
                                "mpegts",
                                "-codec:v",
                                "mpeg1video",
                                "-bf",
                                "0",
                                "-flags",
                                "low_delay",
                                "-strict",
                                "unofficial",
                                "-")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        byte[] clip = ffmpeg.getInputStream().readAllBytes();
        assertEquals(0, ffmpeg.waitFor());
        return clip;
    }

    /**
     * A raw TCP camera sends its stream up to the last packet of a picture, then nothing: the
     * viewer gets that picture, since its stuffed last packet shows that it is complete.
     */
    @Test
    void aRawCamerasPictureReachesTheViewerBeforeTheNextIsSent() throws Exception {
        byte[] clip = lowDelayClip();
        List<Integer> ends = new ArrayList<>(); // the end of each stuffed video packet
        for (int at = 0; at + 188 <= clip.length; at += 188) {
            boolean video = ((clip[at + 1] & 0x1F) << 8 | clip[at + 2] & 0xFF) == 0x100;
            boolean adaptationAndPayload = (clip[at + 3] >> 4 & 3) == 3;
            // ffmpeg's flags byte is 0 or says PCR (6 bytes) and random access: more is stuffing
            int needed = 1 + ((clip[at + 5] & 0x10) != 0 ? 6 : 0);
            if (video && adaptationAndPayload && (clip[at + 4] & 0xFF) > needed) {
                ends.add(at + 188);
            }
        }
        assertTrue(ends.size() >= 20, "a stuffed last packet in most pictures: " + ends.size());
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM tsend ts framing=raw", answer)) {
            assertEquals("OK", answer.toString());
            // while the relay learns (three stuffed packets, each followed by a picture), a
            // picture comes out when the next one begins; picture 3 ends at its stuffed packet
            camera.send(Arrays.copyOf(clip, ends.get(3)));
            RelayFixture.await(
                    "the first picture published",
                    Duration.ofSeconds(10),
                    () ->
                            relay.stream("tsend") != null
                                    && ((Number) relay.stream("tsend").get("framesIn")).intValue()
                                            >= 1);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/tsend")) {
                viewer.next(); // the join cache
                for (int k = 4; k < 12; k++) {
                    camera.send(Arrays.copyOfRange(clip, ends.get(k - 1), ends.get(k)));
                    byte[] lastSent = Arrays.copyOfRange(clip, ends.get(k) - 188, ends.get(k));
                    byte[] received = viewer.next();
                    while (!Arrays.equals(
                            lastSent,
                            Arrays.copyOfRange(received, received.length - 188, received.length))) {
                        received = viewer.next(); // a picture before it, if it had none stuffed
                    }
                }
            }
        }
    }

    /**
     * A raw camera sends 260 packets, 50 garbage bytes, then the rest: the picture the garbage cut
     * is lost, and the viewer gets no P picture after the hole before the next I picture.
     */
    @Test
    void afterAHoleTheViewerGetsNothingUntilTheNextIPicture() throws Exception {
        byte[] clip = demoClip();
        List<byte[]> pictures = new ArrayList<>();
        List<Boolean> keyframes = new ArrayList<>();
        Demuxers.of(Format.TS, 8 << 20)
                .feed(
                        clip,
                        0,
                        clip.length,
                        (payload, keyframe) -> {
                            pictures.add(payload);
                            keyframes.add(keyframe);
                        });
        int[] starts = new int[pictures.size()];
        for (int k = 0; k < starts.length; k++) {
            // where each picture begins in the clip, without the PAT and PMT copies before a
            // keyframe
            int copies = keyframes.get(k) ? TABLES : 0;
            starts[k] =
                    k == 0
                            ? Bytes.indexOf(
                                    clip,
                                    Arrays.copyOfRange(
                                            pictures.get(0), copies, pictures.get(0).length))
                            : starts[k - 1]
                                    + pictures.get(k - 1).length
                                    - (keyframes.get(k - 1) ? TABLES : 0);
        }
        int hole = 260 * 188;
        int lost = 0;
        while (lost + 1 < starts.length && starts[lost + 1] < hole) {
            lost++; // the picture that holds packet 259, which the garbage cuts short
        }
        int nextKey = lost + 1;
        while (!keyframes.get(nextKey)) {
            nextKey++;
        }
        assertTrue(
                nextKey > lost + 1 && nextKey + 2 < pictures.size(), "P pictures follow the hole");
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera =
                FakeCamera.text(relay.ingestPort(), "STREAM tshole ts framing=raw", answer)) {
            assertEquals("OK", answer.toString());
            camera.send(Arrays.copyOf(clip, starts[1] + 188));
            RelayFixture.await(
                    "the first picture published",
                    Duration.ofSeconds(10),
                    () ->
                            relay.stream("tshole") != null
                                    && ((Number) relay.stream("tshole").get("framesIn")).intValue()
                                            == 1);
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/tshole")) {
                assertPicture(pictures.get(0), viewer.next(), "the join cache: picture 0");
                camera.send(Arrays.copyOfRange(clip, starts[1] + 188, hole));
                camera.send(new byte[50]);
                for (int k = 1; k < lost; k++) {
                    assertPicture(
                            pictures.get(k), viewer.next(), "picture " + k + ", before the hole");
                }
                camera.send(Arrays.copyOfRange(clip, hole, starts[nextKey + 2] + 188));
                assertPicture(
                        pictures.get(nextKey),
                        viewer.next(),
                        "the next I picture, " + nextKey + ", right after the hole");
                assertPicture(pictures.get(nextKey + 1), viewer.next(), "the P picture after it");
            }
        }
    }

    private static byte[] demoClip() throws Exception {
        try (InputStream in =
                TsRelayIT.class.getResourceAsStream("/demo/testsrc2-320x240-mpeg1.ts")) {
            return in.readAllBytes();
        }
    }

    /**
     * The relay sends the camera's picture as it came; a keyframe's message begins with the
     * sender's PAT and PMT copies, and the relay puts its own in front of them.
     */
    private static void assertPicture(byte[] sent, byte[] received, String context) {
        int copies = received.length - sent.length;
        assertTrue(
                copies == 0 || copies == TABLES,
                context + ": " + received.length + " bytes for " + sent.length);
        assertArrayEquals(sent, Arrays.copyOfRange(received, copies, received.length), context);
    }

    /**
     * A viewer's first TS message: it starts on a packet boundary, with a sequence header before
     * the first picture.
     */
    static void assertStartsAtSequenceHeader(byte[] first) {
        assertEquals(0x47, first[0] & 0xFF, "starts on a packet boundary");
        int sequenceHeader = Bytes.indexOf(first, new byte[] {0, 0, 1, (byte) 0xB3});
        int picture = Bytes.indexOf(first, new byte[] {0, 0, 1, 0});
        assertTrue(
                sequenceHeader >= 0 && sequenceHeader < picture,
                "a sequence header before the first picture");
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's ffmpeg publishes MPEG-TS (MPEG-1 video + MP2 audio, as jsmpeg wants it) over TCP and
 * over HTTP POST; a late WebSocket viewer starts on a packet boundary at a sequence header and what
 * it received decodes with zero errors.
 */
class TsRelayIT {
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
            camera.getOutputStream().write("STREAM tstcp ts framing=raw\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("OK", readLine(camera.getInputStream()));
            Thread pipe = new Thread(() -> {
                try {
                    ffmpeg.getInputStream().transferTo(camera.getOutputStream());
                } catch (Exception e) {
                    // ends with the test
                }
            }, "ffmpeg-to-camera-socket");
            pipe.start();
            watchLateAndDecode("tstcp");
            pipe.interrupt();
        } finally {
            ffmpeg.destroyForcibly();
        }
    }

    @Test
    void tsOverHttpPostLikeJsmpegsRelay() throws Exception {
        Process ffmpeg = Ffmpeg.liveTs(30, "http://127.0.0.1:" + relay.httpPort() + "/ingest/tspush");
        try {
            watchLateAndDecode("tspush");
        } finally {
            ffmpeg.destroyForcibly();
        }
        RelayFixture.await("the push ended with ffmpeg", Duration.ofSeconds(10), () -> "offline".equals(relay.stream("tspush").get("state")));
    }

    /** Joins after more than a GOP has passed; checks the start, decodes 3 s of what arrived. */
    private static void watchLateAndDecode(String name) throws Exception {
        RelayFixture.await(name + " past its first GOP", Duration.ofSeconds(15), () -> relay.stream(name) != null
                && ((Number) relay.stream(name).get("framesIn")).intValue() >= 35);
        assertEquals("ts", relay.stream(name).get("format"));
        try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/" + name)) {
            List<byte[]> messages = new ArrayList<>();
            messages.add(viewer.next());
            System.out.printf("TS late joiner: first picture %.1f ms after connecting%n", (viewer.nextArrival() - viewer.connectNanos()) / 1e6);
            assertStartsAtSequenceHeader(messages.get(0));
            for (int i = 1; i < 75; i++) {
                messages.add(viewer.next());
            }
            for (byte[] m : messages) {
                assertEquals(0, m.length % 188, "whole 188-byte packets only");
            }
            var file = Ffmpeg.write(messages);
            assertEquals("", Ffmpeg.decodeErrors(file, "mpegts"), "ffmpeg -xerror decodes what the viewer received");
            assertTrue(Ffmpeg.countFrames(file, "mpegts") >= 70, "about one picture per message");
        }
    }


    /** A viewer's first TS message: it starts on a packet boundary, with a sequence header before the first picture. */
    static void assertStartsAtSequenceHeader(byte[] first) {
        assertEquals(0x47, first[0] & 0xFF, "starts on a packet boundary");
        int sequenceHeader = Bytes.indexOf(first, new byte[] {0, 0, 1, (byte) 0xB3});
        int picture = Bytes.indexOf(first, new byte[] {0, 0, 1, 0});
        assertTrue(sequenceHeader >= 0 && sequenceHeader < picture, "a sequence header before the first picture");
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}

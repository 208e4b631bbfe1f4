package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A scripted far side that asks for a 5 s session timeout, follows the redirect of its first
 * DESCRIBE, streams single-NAL H.264 packets and records what the relay sends back: keep-alives
 * within the timeout, and RTCP receiver reports.
 */
class RtspKeepAliveIT {
    private static final String SDP =
            "v=0\r\n"
                    + "o=- 0 0 IN IP4 127.0.0.1\r\n"
                    + "s=fake\r\n"
                    + "t=0 0\r\n"
                    + "a=control:*\r\n"
                    + "m=video 0 RTP/AVP 96\r\n"
                    + "a=rtpmap:96 H264/90000\r\n"
                    + "a=fmtp:96"
                    + " packetization-mode=1;sprop-parameter-sets=Z0LAHtkAoC/5ZYQAAAMABAAAAwDwPFi6gA==,aMuDyyA=\r\n"
                    + "a=control:track1\r\n";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger receiverReports = new AtomicInteger();

    @Test
    void keepsTheSessionAliveAndReportsReception() throws Exception {
        try (FakeRtspCamera camera = new FakeRtspCamera(this::serve);
                RelayFixture relay =
                        RelayFixture.start(
                                "--source.fake=" + camera.url().replace("/main", "/old"))) {
            RelayFixture.await(
                    "a keep-alive and a receiver report",
                    Duration.ofSeconds(30),
                    () -> keptAlive() && receiverReports.get() > 0);
            assertTrue(requests.get(0).startsWith("OPTIONS rtsp://127.0.0.1:"), requests.get(0));
            assertTrue(
                    requests.stream()
                            .anyMatch(r -> r.startsWith("SETUP ") && r.contains("/main/track1 ")),
                    requests.toString());
            assertEquals(
                    2, camera.connections(), "one reconnect, for the redirect, and none since");
            assertEquals("live", RtspPullIT.source(relay, "fake").get("state"));
        }
    }

    private boolean keptAlive() {
        return requests.stream()
                .anyMatch(
                        r -> r.startsWith("GET_PARAMETER ") && r.contains("Session: fake-session"));
    }

    private void serve(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                in.readUnsignedByte();
                byte[] frame = new byte[in.readUnsignedShort()];
                in.readFully(frame);
                if (frame.length >= 2 && (frame[1] & 0xFF) == 201) {
                    receiverReports.incrementAndGet();
                }
                continue;
            }
            String request = (char) first + head(in);
            requests.add(request);
            String method = request.substring(0, request.indexOf(' '));
            String cseq = request.replaceAll("(?s).*CSeq: (\\d+).*", "$1");
            synchronized (out) {
                if (method.equals("DESCRIBE") && request.contains("/old ")) {
                    String location =
                            request.substring(request.indexOf(' ') + 1, request.indexOf(" RTSP/"))
                                    .replace("/old", "/main");
                    reply(out, cseq, "301 Moved", "Location: " + location + "\r\n", "");
                    return;
                }
                switch (method) {
                    case "OPTIONS" ->
                            reply(
                                    out,
                                    cseq,
                                    "200 OK",
                                    "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER,"
                                            + " TEARDOWN\r\n",
                                    "");
                    case "DESCRIBE" ->
                            reply(out, cseq, "200 OK", "Content-Type: application/sdp\r\n", SDP);
                    case "SETUP" ->
                            reply(
                                    out,
                                    cseq,
                                    "200 OK",
                                    "Session: fake-session;timeout=5\r\n"
                                            + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n",
                                    "");
                    case "PLAY" -> {
                        reply(out, cseq, "200 OK", "Session: fake-session\r\n", "");
                        startPictures(out);
                    }
                    default -> reply(out, cseq, "200 OK", "Session: fake-session\r\n", "");
                }
            }
        }
    }

    /** Sends one IDR picture as a single NAL unit packet every 100 ms until the relay hangs up. */
    private static void startPictures(OutputStream out) {
        Thread pictures =
                new Thread(
                        () -> {
                            for (int seq = 0; ; seq++) {
                                byte[] rtp = new byte[12 + 5];
                                rtp[0] = (byte) 0x80;
                                rtp[1] = (byte) (0x80 | 96);
                                rtp[2] = (byte) (seq >> 8);
                                rtp[3] = (byte) seq;
                                rtp[4] = (byte) (seq >> 8);
                                rtp[5] = (byte) seq;
                                rtp[11] = 42;
                                rtp[12] = 0x65;
                                rtp[13] = (byte) 0x88;
                                try {
                                    synchronized (out) {
                                        out.write(new byte[] {'$', 0, 0, (byte) rtp.length});
                                        out.write(rtp);
                                        out.flush();
                                    }
                                    Thread.sleep(100);
                                } catch (IOException | InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "fake-rtsp-pictures");
        pictures.setDaemon(true);
        pictures.start();
    }

    private static void reply(
            OutputStream out, String cseq, String status, String headers, String body)
            throws IOException {
        String response =
                "RTSP/1.0 "
                        + status
                        + "\r\nCSeq: "
                        + cseq
                        + "\r\n"
                        + headers
                        + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n")
                        + "\r\n"
                        + body;
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        while (newlines < 2) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.write(b);
            newlines = b == '\n' ? newlines + 1 : b == '\r' ? newlines : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An HTTP push whose chunked body breaks its framing is answered 400 and its connection closed. */
class PushBodyIT {
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
    void aBadChunkSizeIsABadRequest() throws Exception {
        String answer = answer("zz\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), "a chunk size that is not hex: " + answer);
    }

    @Test
    void aChunkWithoutItsLineEndIsABadRequest() throws Exception {
        String answer = answer("4\r\nabcdXY");
        assertTrue(answer.startsWith("HTTP/1.1 400"), "chunk data not followed by CRLF: " + answer);
    }

    @Test
    void anOversizeChunkSizeIsABadRequest() throws Exception {
        String answer = answer("fffffffffffffffffff\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), "a chunk size that overflows: " + answer);
    }

    /** Pushes one good MJPEG frame, then the broken bytes, and returns the whole answer. */
    private static String answer(String broken) throws IOException {
        byte[] jpeg = Jpegs.testsrc().get(0);
        try (Socket socket = new Socket("127.0.0.1", relay.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /ingest/pushbad?format=mjpeg HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + Integer.toHexString(jpeg.length)
                                    + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(jpeg);
            out.write(("\r\n" + broken).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

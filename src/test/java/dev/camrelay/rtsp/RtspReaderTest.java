package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtspReaderTest {
    private static final String SDP = "v=0\r\nm=video 0 RTP/AVP 96\r\n";
    private static final byte[] WIRE = wire();

    private static byte[] wire() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://cam/live/\r\nContent-Length: "
                                + SDP.length()
                                + "\r\n\r\n"
                                + SDP)
                        .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {'$', 0, 0, 3, 1, 2, 3});
        out.writeBytes(
                "RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: Digest nonce=\"n\"\nWWW-Authenticate: Basic\n\n"
                        .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(
                "SET_PARAMETER rtsp://client RTSP/1.0\r\nCSeq: 9\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {'$', 1, 0, 0});
        return out.toByteArray();
    }

    @Test
    void readsEveryKindOfMessageAtEveryByteSplit() throws IOException {
        for (int split = 0; split <= WIRE.length; split++) {
            RtspReader reader = new RtspReader(new SplitStream(WIRE, split), 0xFFFF);
            var describe =
                    assertInstanceOf(RtspMessage.Response.class, reader.next(), "split " + split);
            assertEquals(200, describe.status());
            assertEquals("rtsp://cam/live/", describe.header("content-base").orElseThrow());
            assertEquals(SDP, RtspReader.text(describe.body()));
            var frame = assertInstanceOf(RtspMessage.Interleaved.class, reader.next());
            assertEquals(0, frame.channel());
            assertArrayEquals(new byte[] {1, 2, 3}, frame.data());
            var refused = assertInstanceOf(RtspMessage.Response.class, reader.next());
            assertEquals(401, refused.status());
            assertEquals(List.of("Digest nonce=\"n\"", "Basic"), refused.all("WWW-Authenticate"));
            var request = assertInstanceOf(RtspMessage.Response.class, reader.next());
            assertTrue(request.isRequest());
            assertEquals(
                    0,
                    assertInstanceOf(RtspMessage.Interleaved.class, reader.next()).data().length);
            assertThrows(EOFException.class, reader::next);
        }
    }

    @Test
    void boundsAreCheckedBeforeAllocating() {
        assertRefused("RTSP/1.0 200 OK\r\nContent-Length: 65537\r\n\r\n", "exceeds");
        assertRefused("RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n", "exceeds");
        assertRefused(
                "RTSP/1.0 200 OK\r\nX: " + "a".repeat(RtspReader.MAX_HEADER_BYTES) + "\r\n\r\n",
                "header block exceeds");
        assertRefused(
                "RTSP/1.0 200 OK\r\n" + "X: y\r\n".repeat(RtspReader.MAX_HEADERS + 1) + "\r\n",
                "headers");
        assertRefused("RTSP/1.0 abc OK\r\n\r\n", "status line");
        assertRefused("RTSP/1.0 200 OK\r\nno colon\r\n\r\n", "malformed header");
        assertRefused("\u0000\u0001garbage", "garbage");
        RtspReader small = new RtspReader(new SplitStream(new byte[] {'$', 0, 0x10, 0}, 0), 1000);
        assertTrue(
                assertThrows(RtspProtocolException.class, small::next)
                        .getMessage()
                        .contains("4096 bytes exceeds 1000"));
    }

    private static void assertRefused(String wire, String reason) {
        RtspReader reader =
                new RtspReader(
                        new SplitStream(wire.getBytes(StandardCharsets.ISO_8859_1), 3), 0xFFFF);
        RtspProtocolException e = assertThrows(RtspProtocolException.class, reader::next);
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should say " + reason);
    }

    /** Hands out {@code bytes} in two reads at most: before {@code split}, then the rest. */
    private static final class SplitStream extends InputStream {
        private final byte[] bytes;
        private final int split;
        private int at;

        SplitStream(byte[] bytes, int split) {
            this.bytes = bytes;
            this.split = split;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int limit = at < split ? split : bytes.length;
            int n = Math.min(len, limit - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}

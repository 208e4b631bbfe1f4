package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles its request headers a byte a second, which never trips an idle timeout, is
 * closed once its headers have taken longer than {@code http.header.timeout}; a normal request is
 * served meanwhile.
 */
class SlowHeadersIT {
    private static final long GIVE_UP_MILLIS = 25_000;
    private static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = RelayFixture.start("--http.header.timeout=2s");
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
    }

    @Test
    void aClientTricklingHeadersIsClosedAndOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", relay.httpPort())) {
            slow.setSoTimeout(1_000);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            out.write(
                    "GET /api/streams HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
            long startedNanos = System.nanoTime();
            boolean closed = false;
            while (!closed && (System.nanoTime() - startedNanos) / 1_000_000 < GIVE_UP_MILLIS) {
                closed = trickleOneByte(out, in);
                assertEquals(
                        200, relay.get("/api/streams").statusCode(), "a normal request is served");
            }
            assertTrue(closed, "the relay closed the connection trickling its headers");
        }
    }

    /** Sends one header byte and waits up to a second for the relay to close; true if it did. */
    private static boolean trickleOneByte(OutputStream out, InputStream in) throws IOException {
        try {
            out.write('x');
            out.flush();
        } catch (IOException e) {
            return true;
        }
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}

package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Idle sockets that never send a handshake, from several addresses and reopened all the time,
 * cannot lock a camera out: the oldest pending handshake gives way to the newcomer.
 */
class HandshakeBudgetIT {
    private static final int ADDRESSES = 4;
    private static final int IDLE_PER_ADDRESS = 40;

    @Test
    void aCameraGetsInWhileIdleSocketsKeepArriving() throws Exception {
        try (RelayFixture relay =
                RelayFixture.start("--max.streams=4", "--handshake.timeout=60s")) {
            Deque<Socket> idle = new ArrayDeque<>();
            AtomicBoolean attacking = new AtomicBoolean(true);
            Thread attacker =
                    new Thread(
                            () -> keepReopening(relay.ingestPort(), idle, attacking),
                            "idle-sockets");
            try {
                for (int i = 0; i < ADDRESSES * IDLE_PER_ADDRESS; i++) {
                    idle.add(idleSocket(relay.ingestPort(), i));
                }
                RelayFixture.await(
                        "the relay accepted every idle socket",
                        Duration.ofSeconds(20),
                        () ->
                                ((Number) relay.json("/api/ingest").get("acceptedConnections"))
                                                .longValue()
                                        >= ADDRESSES * IDLE_PER_ADDRESS);
                attacker.start();
                StringBuilder answer = new StringBuilder();
                try (FakeCamera camera =
                        FakeCamera.text(
                                relay.ingestPort(), "STREAM gate mjpeg framing=length", answer)) {
                    assertEquals("OK", answer.toString(), "the camera's handshake was accepted");
                    camera.frame(Jpegs.testsrc().get(0));
                    RelayFixture.await(
                            "gate live",
                            Duration.ofSeconds(10),
                            () ->
                                    relay.stream("gate") != null
                                            && "live".equals(relay.stream("gate").get("state")));
                }
                assertTrue(
                        relay.closedFor("handshake-evicted") > 0,
                        "idle sockets were evicted for newcomers");
            } finally {
                attacking.set(false);
                attacker.join(5000);
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Opens idle sockets at a steady pace, closing the oldest so the test keeps a bounded number.
     */
    private static void keepReopening(int port, Deque<Socket> idle, AtomicBoolean attacking) {
        for (int i = 0; attacking.get(); i++) {
            try {
                Socket socket = idleSocket(port, i);
                synchronized (idle) {
                    idle.add(socket);
                    if (idle.size() > 2 * ADDRESSES * IDLE_PER_ADDRESS) {
                        idle.poll().close();
                    }
                }
            } catch (IOException e) {
                // a refused or reset connect is the relay's answer to the flood; keep going
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** A connection from one of the loopback addresses 127.0.0.2 to 127.0.0.(1 + ADDRESSES). */
    private static Socket idleSocket(int port, int i) throws IOException {
        Socket socket = new Socket();
        socket.bind(
                new InetSocketAddress(
                        InetAddress.getByAddress(
                                new byte[] {127, 0, 0, (byte) (2 + i % ADDRESSES)}),
                        0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }
}

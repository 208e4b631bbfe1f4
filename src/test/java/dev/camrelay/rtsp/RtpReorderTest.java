package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpReorderTest {
    private final RtpReorder reorder = new RtpReorder();
    private final List<Integer> out = new ArrayList<>();

    private void send(int... sequences) {
        for (int sequence : sequences) {
            reorder.accept(packet(sequence), p -> out.add(p.sequence()));
        }
    }

    private static RtpPacket packet(int sequence) {
        return new RtpPacket(96, false, sequence & 0xFFFF, 0, 1, new byte[0], 0, 0);
    }

    @Test
    void inOrderPacketsPassStraightThrough() {
        send(10, 11, 12);
        assertEquals(List.of(10, 11, 12), out);
    }

    @Test
    void swappedPacketsComeOutInOrder() {
        send(10, 12, 11, 13);
        assertEquals(List.of(10, 11, 12, 13), out);
    }

    @Test
    void lateAndDuplicatePacketsAreDroppedAndCounted() {
        send(10, 11, 11, 9);
        assertEquals(List.of(10, 11), out);
        assertEquals(2, reorder.dropped());
    }

    @Test
    void aHoleIsGivenUpOnOnceTheWindowIsFull() {
        send(10);
        for (int s = 12; s < 12 + RtpReorder.WINDOW; s++) {
            send(s);
        }
        List<Integer> expected = new ArrayList<>(List.of(10));
        for (int s = 12; s < 12 + RtpReorder.WINDOW; s++) {
            expected.add(s);
        }
        assertEquals(expected, out, "11 is lost: the rest goes out in order, with the gap");
        send(11);
        assertEquals(expected.size(), out.size(), "too late now");
    }

    @Test
    void aJumpStartsOverAndTheSequenceWraps() {
        send(65534, 65535, 0, 1, 5000, 5001);
        assertArrayEquals(
                new int[] {65534, 65535, 0, 1, 5000, 5001},
                out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void transportHeadersAreRead() {
        assertArrayEquals(
                new int[] {6970, 6971},
                UdpTransport.serverPorts(
                        "RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971"));
        assertArrayEquals(
                new int[0], UdpTransport.serverPorts("RTP/AVP;unicast;client_port=5000-5001"));
        assertArrayEquals(new int[0], UdpTransport.serverPorts("RTP/AVP;server_port=x-y"));
        assertArrayEquals(
                new int[] {2, 3}, InterleavedTransport.channels("RTP/AVP/TCP;interleaved=2-3", 0));
        assertArrayEquals(new int[] {4, 5}, InterleavedTransport.channels("RTP/AVP/TCP", 4));
    }
}

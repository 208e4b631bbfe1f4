package dev.camrelay.rtsp;

import java.util.function.Consumer;

/**
 * Puts one track's RTP packets back in sequence order, as UDP may deliver them out of it. A packet
 * after a hole is held until the hole fills or {@value #WINDOW} packets are held; then the missing
 * ones are given up on and the held ones go out in order (the depacketizer sees the gap and drops
 * to the next keyframe). Late and duplicate packets are dropped and counted. In order, nothing is
 * held. Owned by the source's thread.
 */
final class RtpReorder {
    static final int WINDOW = 32;
    private static final int MASK = WINDOW - 1;

    private final RtpPacket[] held = new RtpPacket[WINDOW];
    private int expected = -1;
    private long dropped;

    /** Late or duplicate packets dropped so far. */
    long dropped() {
        return dropped;
    }

    void accept(RtpPacket packet, Consumer<RtpPacket> out) {
        int sequence = packet.sequence();
        if (expected < 0) {
            expected = sequence;
        }
        int ahead = (sequence - expected) & 0xFFFF;
        if (ahead >= 0x8000) {
            dropped++;
            return;
        }
        if (ahead >= 2 * WINDOW) {
            // a jump (the camera restarted its sequence, or a long loss): start over from here
            flush(out);
            expected = sequence;
        }
        while (((sequence - expected) & 0xFFFF) >= WINDOW) {
            expected = (expected + 1) & 0xFFFF;
            drain(out);
        }
        int slot = sequence & MASK;
        if (held[slot] != null) {
            dropped++;
            return;
        }
        held[slot] = packet;
        drain(out);
    }

    private void drain(Consumer<RtpPacket> out) {
        for (RtpPacket next = held[expected & MASK];
                next != null && next.sequence() == expected;
                next = held[expected & MASK]) {
            held[expected & MASK] = null;
            expected = (expected + 1) & 0xFFFF;
            out.accept(next);
        }
    }

    private void flush(Consumer<RtpPacket> out) {
        for (int i = 0; i < WINDOW; i++) {
            int slot = (expected + i) & MASK;
            if (held[slot] != null) {
                RtpPacket next = held[slot];
                held[slot] = null;
                out.accept(next);
            }
        }
    }
}

package dev.camrelay.rtsp;

import java.nio.ByteBuffer;

/**
 * Receive statistics of one RTP source and the RTCP receiver report (RFC 3550 6.4.2) built from
 * them. Some cameras end a session that sends none. Jitter is reported as 0: over TCP it says
 * nothing useful. Owned by the source's thread.
 */
final class ReceiverReports {
    private final long ownSsrc;
    private long sourceSsrc;
    private boolean started;
    private int baseSequence;
    private int maxSequence;
    private long cycles;
    private long received;
    private long expectedAtLastReport;
    private long receivedAtLastReport;
    private long lastSenderReport;
    private long lastSenderReportNanos;

    ReceiverReports(long ownSsrc) {
        this.ownSsrc = ownSsrc & 0xFFFFFFFFL;
    }

    void received(RtpPacket packet) {
        if (!started) {
            started = true;
            sourceSsrc = packet.ssrc();
            baseSequence = packet.sequence();
            maxSequence = packet.sequence();
        } else {
            int delta = (packet.sequence() - maxSequence) & 0xFFFF;
            if (delta > 0 && delta < 0x8000) {
                if (packet.sequence() < maxSequence) {
                    cycles += 0x10000;
                }
                maxSequence = packet.sequence();
            }
        }
        received++;
    }

    /** Takes an RTCP compound packet from the server; remembers its sender report's time. */
    void rtcp(byte[] data, long nowNanos) {
        if (data.length >= 16 && (data[0] & 0xC0) == 0x80 && (data[1] & 0xFF) == 200) {
            lastSenderReport = RtpPacket.u32(data, 10);
            lastSenderReportNanos = nowNanos;
        }
    }

    long extendedHighestSequence() {
        return cycles + maxSequence;
    }

    long cumulativeLost() {
        long expected = extendedHighestSequence() - baseSequence + 1;
        return Math.max(0, Math.min(expected - received, 0x7FFFFF));
    }

    /** A 32-byte RR with one report block; empty before the first packet. */
    byte[] report(long nowNanos) {
        if (!started) {
            return new byte[0];
        }
        long expected = extendedHighestSequence() - baseSequence + 1;
        long expectedInterval = expected - expectedAtLastReport;
        long lostInterval = expectedInterval - (received - receivedAtLastReport);
        expectedAtLastReport = expected;
        receivedAtLastReport = received;
        int fraction =
                expectedInterval <= 0 || lostInterval <= 0
                        ? 0
                        : (int) ((lostInterval << 8) / expectedInterval);
        long delay =
                lastSenderReportNanos == 0
                        ? 0
                        : (nowNanos - lastSenderReportNanos) * 65536 / 1_000_000_000L;
        ByteBuffer rr = ByteBuffer.allocate(32);
        rr.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt((int) ownSsrc);
        rr.putInt((int) sourceSsrc);
        rr.putInt((Math.min(fraction, 255) << 24) | (int) cumulativeLost());
        rr.putInt((int) extendedHighestSequence()).putInt(0);
        rr.putInt((int) lastSenderReport).putInt((int) delay);
        return rr.array();
    }
}

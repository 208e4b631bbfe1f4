package dev.camrelay.media.ts;

import java.util.BitSet;

/**
 * Knows when the open picture's video PES packet has had its last byte, so that {@link TsFramer}
 * can emit the picture then rather than when the next one begins. A PES packet that declares its
 * length (PES_packet_length) ends when that many bytes have come. One that does not (ffmpeg leaves
 * it 0 for video) ends, for a muxer that pads only the last packet of a PES packet with
 * adaptation-field stuffing, with its stuffed packet: that is learnt per PID from {@value
 * #EVIDENCE_NEEDED} stuffed packets each followed on their PID by a packet that begins a video PES
 * packet; one stuffed packet followed by more data of its PES packet makes the PID untrusted for
 * good. See {@code package-info.java}. Owned by the demuxer's thread.
 */
final class PesEnds {
    private static final int EVIDENCE_NEEDED = 3;
    private static final int UNTRUSTED = -1;

    /**
     * Bytes of a PES packet's header up to and including PES_packet_length, which it does not
     * count.
     */
    private static final int PES_LENGTH_END = 6;

    /** Per PID: stuffed packets confirmed as PES ends, up to the number needed; or UNTRUSTED. */
    private final byte[] evidence = new byte[8192];

    /** The PIDs whose last packet with payload was stuffed: their next one judges it. */
    private final BitSet stuffedLast = new BitSet(8192);

    /** The PID of the latest video PES packet begun, -1 before the first. */
    private int pid = -1;

    /** Bytes of that PES packet still to come by its declared length; -1 when unbounded. */
    private int remaining = -1;

    /**
     * Whether the packet, taken as the next one, is the last of the latest video PES packet (or of
     * the one it begins, {@code pes} being that PES packet's index, else -1). Changes nothing.
     */
    boolean ends(byte[] p, int off, int pes) {
        int payload = TsPackets.payload(p, off);
        int packetPid = TsPackets.pid(p, off);
        if (payload < 0 || pes < 0 && packetPid != pid) {
            return false;
        }
        int end = off + TsPackets.SIZE;
        int left = pes >= 0 ? declared(p, pes, end) : remaining;
        if (left > 0) {
            return left == end - payload;
        }
        int known = evidence[packetPid];
        if (stuffedLast.get(packetPid) && known != UNTRUSTED) {
            // this packet judges the stuffed one before it
            known = pes >= 0 ? known + 1 : UNTRUSTED;
        }
        return known >= EVIDENCE_NEEDED && TsPackets.stuffed(p, off);
    }

    /** Takes a confirmed packet into account, {@code pes} as for {@link #ends}. */
    void record(byte[] p, int off, int pes) {
        int payload = TsPackets.payload(p, off);
        int packetPid = TsPackets.pid(p, off);
        if (payload < 0) {
            return; // an adaptation field alone, e.g. a PCR: no PES data
        }
        if (stuffedLast.get(packetPid)) {
            stuffedLast.clear(packetPid);
            if (evidence[packetPid] != UNTRUSTED) {
                evidence[packetPid] =
                        pes >= 0
                                ? (byte) Math.min(EVIDENCE_NEEDED, evidence[packetPid] + 1)
                                : UNTRUSTED;
            }
        }
        int end = off + TsPackets.SIZE;
        if (pes >= 0) {
            pid = packetPid;
            int declared = declared(p, pes, end);
            remaining = declared > 0 ? declared - (end - payload) : -1;
        } else if (packetPid == pid && remaining > 0) {
            remaining -= end - payload;
        } else if (packetPid != pid) {
            return; // not video data
        }
        if (TsPackets.stuffed(p, off)) {
            stuffedLast.set(packetPid);
        }
    }

    /**
     * Packets were lost: what follows judges no stuffed packet, and the open PES packet's end is
     * unknown.
     */
    void syncLost() {
        stuffedLast.clear();
        pid = -1;
        remaining = -1;
    }

    /**
     * The bytes of the PES packet at {@code pes} from there on by its declared length, or -1 when
     * it declares none or its header does not reach PES_packet_length in this packet.
     */
    private static int declared(byte[] p, int pes, int end) {
        if (pes + PES_LENGTH_END > end) {
            return -1;
        }
        int length = (p[pes + 4] & 0xFF) << 8 | p[pes + 5] & 0xFF;
        return length == 0 ? -1 : PES_LENGTH_END + length;
    }
}

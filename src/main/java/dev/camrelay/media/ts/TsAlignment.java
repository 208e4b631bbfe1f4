package dev.camrelay.media.ts;

import java.util.BitSet;

/**
 * Learns from what a length-framed sender has sent whether its messages end where pictures end, so
 * that {@link TsFramer} may emit a picture at the end of its message instead of waiting for the
 * next picture's first packet: {@value #EVIDENCE_NEEDED} messages in a row that each held one whole
 * picture make the sender aligned; one counter-example makes it unaligned for good. What counts as
 * evidence: {@code package-info.java}. Owned by the demuxer's thread.
 */
final class TsAlignment {
    private static final int EVIDENCE_NEEDED = 3;

    /**
     * Bytes of a PES packet's header up to and including PES_packet_length, which it does not
     * count.
     */
    private static final int PES_LENGTH_END = 6;

    private boolean aligned;

    /** Counter-evidence was seen: this sender is not aligned, and that will not change. */
    private boolean settled;

    private int evidence;

    /** A message ended while a picture was open: the next video packet judges that end. */
    private boolean judging;

    /** The message judged held one picture, whole: a good judgement counts as evidence. */
    private boolean judgedWhole;

    private int picturesInMessage;

    /** Every PID that has begun a video PES packet: data on it belongs to a picture. */
    private final BitSet videoPids = new BitSet(8192);

    private int picturePid = -1;

    /**
     * Bytes of the open picture's PES packet still to come by its declared length; -1 when
     * unbounded.
     */
    private int pesRemaining = -1;

    boolean aligned() {
        return aligned;
    }

    /** Counter-evidence was seen: nothing a message end says is used any more. */
    boolean settled() {
        return settled;
    }

    /** A confirmed packet begins a video PES packet at {@code pes}: a picture begins. */
    void picture(byte[] p, int off, int pes) {
        picturePid = TsPackets.pid(p, off);
        videoPids.set(picturePid);
        int end = off + TsPackets.SIZE;
        int declared =
                pes + PES_LENGTH_END > end ? 0 : (p[pes + 4] & 0xFF) << 8 | p[pes + 5] & 0xFF;
        pesRemaining = declared == 0 ? -1 : PES_LENGTH_END + declared - (end - pes);
        if (judging) {
            judging = false;
            evidence = judgedWhole ? evidence + 1 : 0;
            aligned = aligned || evidence >= EVIDENCE_NEEDED;
        }
        picturesInMessage++;
    }

    /**
     * A confirmed packet that begins no video PES packet. Returns true when it carries data of a
     * video PES packet begun earlier: it goes on with a picture.
     */
    boolean videoData(byte[] p, int off) {
        int pid = TsPackets.pid(p, off);
        int payload = TsPackets.payload(p, off);
        if (!videoPids.get(pid) || payload < 0) {
            return false;
        }
        if (pid == picturePid && pesRemaining > 0) {
            pesRemaining -= off + TsPackets.SIZE - payload;
        }
        if (judging) {
            counterEvidence();
        }
        return true;
    }

    /**
     * A message ended: {@code clean} when on a packet boundary and in sync, after all its packets
     * were confirmed; {@code pictureOpen} when the packets since the last video PES start are
     * buffered. Returns true when that picture is to go out now.
     */
    boolean messageEnded(boolean clean, boolean pictureOpen) {
        int pictures = picturesInMessage;
        picturesInMessage = 0;
        if (settled) {
            return false;
        }
        if (!clean || pictureOpen && pesRemaining > 0) {
            counterEvidence();
            return false;
        }
        if (pictureOpen) {
            judging = true;
            judgedWhole = pictures == 1;
        }
        return aligned && pictureOpen;
    }

    void syncLost() {
        if (!settled) {
            counterEvidence();
        }
    }

    private void counterEvidence() {
        settled = true;
        aligned = false;
        judging = false;
    }
}

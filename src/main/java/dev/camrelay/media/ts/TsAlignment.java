package dev.camrelay.media.ts;

import java.util.BitSet;

/**
 * Learns from what a length-framed sender has sent whether its messages end where pictures end, so
 * that {@link TsFramer} may emit a picture at the end of its message instead of waiting for the
 * next picture's first packet. Owned by the demuxer's thread.
 *
 * <p><b>Evidence.</b> A message that ends on a packet boundary while a picture is open is judged by
 * the first video packet after it, in whichever message that comes: one that begins a video PES
 * packet shows that the picture's data had all come (a PES packet's data is contiguous on its PID,
 * so nothing of it can follow the next one's start); one that carries data of a video PES packet
 * begun earlier shows that the message ended inside a picture. Packets of other PIDs in between
 * (PAT, PMT, SDT, audio) and video packets with no payload (a lone PCR) carry no picture data and
 * prove nothing, so they may lead the next message. The end counts only if its message began that
 * picture and no other: a sender that cuts its stream into chunks of some size may end one after a
 * one-packet picture by chance, and would later cut a larger one, but rarely holds one whole
 * picture per chunk several times running. A message that began no picture or several starts the
 * count again; after {@value #EVIDENCE_NEEDED} in a row the sender is aligned.
 *
 * <p><b>Counter-evidence</b>, which makes the sender unaligned for good: a message ending inside a
 * packet or out of sync, a sync loss anywhere (a sender that sends garbage is not trusted with
 * frame boundaries), a picture's data going on after a message end, and a message ending before a
 * video PES packet that declares its length (PES_packet_length, which ffmpeg leaves 0 for video)
 * has all its bytes. The last is seen at the message end itself, before anything goes out; with an
 * unbounded PES packet, a sender that was aligned and then cuts a picture at a packet boundary
 * shows it only in its next message, after the cut picture went out.
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

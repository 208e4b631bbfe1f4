package dev.camrelay.media.ts;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups the packets that {@link TsDemuxer} has checked into frames: a frame begins with a packet
 * that begins a video PES packet and holds every packet up to the next one, audio, tables and null
 * packets alike. Packets before the first such packet, and those of a dropped frame, are passed
 * over; the PAT and PMT among them are remembered all the same.
 *
 * <p>Once {@link PesEnds} knows a picture's last packet, or {@link TsAlignment} has learnt that the
 * sender's messages end where pictures end, a picture is emitted at that packet or message end. The
 * packets that follow it before the next picture begins (tables, audio) can no longer join it: they
 * lead the next frame instead, in front of its first video packet. If video data follows instead,
 * the emitted picture was cut short: the rest of it, and what led it, are dropped.
 *
 * <p>Once a stream has shown a keyframe, a picture lost (dropped, or possibly swallowed by a sync
 * loss) makes the pictures after it worthless until the next keyframe, since they may refer to it:
 * they are passed over. A stream that never showed one (H.264 in TS) is not held back. Owned by the
 * demuxer's thread.
 */
final class TsFramer {
    private static final byte[] NONE = {};

    private record Completed(byte[] packets, boolean keyframe) {}

    private final int maxFrameBytes;
    private final ProgramTables tables = new ProgramTables();
    private final TsAlignment alignment = new TsAlignment();
    private final PesEnds pesEnds = new PesEnds();
    private final FrameBuffer frame;

    /** Frames completed during the current input, handed out at its end. */
    private final List<Completed> completed = new ArrayList<>();

    /**
     * A frame has begun and not been dropped. It is empty between {@link #peek} completing it and
     * the packet that begins the next one being confirmed: that frame has begun, though its first
     * packet is still with the demuxer, waiting for the byte after it.
     */
    private boolean open;

    /**
     * The open frame has no picture yet: it holds what followed a picture emitted at its message
     * end.
     */
    private boolean lead;

    /** The packet that begins the next picture is whole but not confirmed: see {@link #peek}. */
    private boolean peeked;

    private boolean keyframe;

    /** The PAT and PMT copies current when the frame began, for it if it is a keyframe. */
    private byte[] prefix = NONE;

    /**
     * The video PID whose next payload bytes may end a sequence header code begun at the end of the
     * frame's first packet, and the last bytes of that packet; -1 when no such code can be pending.
     */
    private int splitPid = -1;

    private int lastBytes;
    private long dropped;
    private long skipped;
    private boolean keyframeSeen;

    /** A picture was lost: pictures are passed over until a keyframe. */
    private boolean awaitingKeyframe;

    /**
     * @param maxFrameBytes the longest frame to emit, PAT and PMT copies included
     */
    TsFramer(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.frame = new FrameBuffer(maxFrameBytes);
    }

    /**
     * A confirmed packet. With {@code inPlace}, the caller leaves {@code p} unchanged until {@link
     * #endOfInput}, so the packet need not be copied yet.
     */
    void packet(byte[] p, int off, boolean inPlace) {
        peeked = false;
        tables.packet(p, off);
        int pes = TsPackets.videoPesStart(p, off);
        boolean pesEnd = pesEnds.ends(p, off, pes);
        pesEnds.record(p, off, pes);
        if (pes >= 0) {
            alignment.picture(p, off, pes);
            if (!lead) {
                complete(); // a lead is the front of this picture's frame, not a frame of its own
            }
            lead = false;
            begin(p, off, pes, inPlace);
            if (pesEnd && open) {
                endPicture();
            }
        } else if (alignment.videoData(p, off) && lead) {
            drop(); // the picture that went out at its end goes on: the rest must not pose as
            // part of the next
        } else if (open) {
            if (splitPid == TsPackets.pid(p, off)) {
                endSequenceHeader(p, off);
            }
            add(p, off, inPlace);
            if (pesEnd && open && !lead) {
                endPicture();
            }
        }
    }

    /**
     * A whole packet that is not confirmed yet, at the end of the input. If it is the last packet
     * of the open picture's PES packet (or of a one-packet picture) it is taken as confirmed now,
     * so that the picture goes out without waiting for the byte after the packet: the caller must
     * then check that that byte is a sync byte. Otherwise as {@link #peek}.
     *
     * @return whether the packet was taken
     */
    boolean peekAtEnd(byte[] p, int off) {
        int pes = TsPackets.videoPesStart(p, off);
        if (pesEnds.ends(p, off, pes) && (pes >= 0 || open && !lead)) {
            packet(p, off, false);
            return true;
        }
        peek(p, off);
        return false;
    }

    /**
     * A whole packet that is not confirmed yet (the byte after it has not come) or never will be.
     * If it begins a video PES packet, the open frame ends before it, and is complete: every packet
     * of it was confirmed. Emitting it now, rather than when the packet is confirmed, saves a
     * picture of latency when the input stops right after the packet. The next frame has begun
     * (with a lead, it had already).
     */
    void peek(byte[] p, int off) {
        if (TsPackets.videoPesStart(p, off) >= 0) {
            if (!lead) {
                complete();
            }
            open = true;
            peeked = true;
        }
    }

    /**
     * Sync was lost: a packet was skipped, so the frame that held it is dropped (a lead still empty
     * lost nothing).
     */
    void syncLost() {
        alignment.syncLost();
        pesEnds.syncLost();
        if (midFrame()) {
            drop();
        } else {
            peeked = false;
            open = false;
            lead = false;
            // the bytes skipped may have held whole packets, pictures among them
            awaitingKeyframe = keyframeSeen;
        }
    }

    /**
     * A length-framed message ended after the packets confirmed so far; {@code clean} when it ended
     * on a packet boundary, in sync. Emits the open picture if the sender is known to be aligned.
     */
    void messageEnded(boolean clean) {
        if (alignment.messageEnded(clean, open && !lead)) {
            endPicture();
        }
    }

    /**
     * The open picture has all its data: it goes out now, and what follows it before the next
     * picture begins leads that one.
     */
    private void endPicture() {
        complete();
        lead = true;
        keyframe = false;
        splitPid = -1;
    }

    /**
     * Whether a message that ends on a packet boundary is taken to end with a whole packet: until
     * counter-evidence.
     */
    boolean trustsMessageEnds() {
        return !alignment.settled();
    }

    /** Whether message ends are picture ends (see {@link TsAlignment}). */
    boolean aligned() {
        return alignment.aligned();
    }

    /**
     * Ends a call: keeps no reference into the caller's array, and hands out the frames completed.
     */
    void endOfInput(TsFrameConsumer out) {
        frame.detach();
        try {
            for (Completed c : completed) {
                out.frame(c.packets(), c.keyframe());
            }
        } finally {
            completed.clear();
        }
    }

    /**
     * While a frame is open, some of it is buffered: its packets, or the packet that begins it (see
     * {@link #open}); a lead that holds no packet yet is nothing to lose.
     */
    boolean midFrame() {
        return open && (peeked || !(lead && frame.length() == 0));
    }

    long dropped() {
        return dropped;
    }

    long skipped() {
        return skipped;
    }

    private void begin(byte[] p, int off, int pes, boolean inPlace) {
        open = true;
        prefix = tables.prefix();
        int es = TsPackets.pesPayload(p, off, pes);
        lastBytes =
                es < 0
                        ? TsPackets.NO_BYTES
                        : TsPackets.shiftIn(TsPackets.NO_BYTES, p, es, off + TsPackets.SIZE);
        keyframe = lastBytes == TsPackets.SEQUENCE_HEADER_CODE;
        splitPid = es < 0 || keyframe ? -1 : TsPackets.pid(p, off);
        add(p, off, inPlace);
    }

    /**
     * The first payload bytes after the frame's first packet, on its PID, may end its sequence
     * header code.
     */
    private void endSequenceHeader(byte[] p, int off) {
        int payload = TsPackets.payload(p, off);
        if (payload < 0) {
            return; // an adaptation field alone, e.g. a PCR: the PES packet goes on in a later one
        }
        splitPid = -1;
        int end = Math.min(payload + 3, off + TsPackets.SIZE);
        keyframe = TsPackets.shiftIn(lastBytes, p, payload, end) == TsPackets.SEQUENCE_HEADER_CODE;
    }

    private void add(byte[] p, int off, boolean inPlace) {
        // room is kept for the copies whenever the frame is or may yet become a keyframe
        int reserved = keyframe || splitPid >= 0 ? prefix.length : 0;
        if (frame.length() + TsPackets.SIZE + reserved > maxFrameBytes) {
            drop();
        } else if (inPlace) {
            frame.addInPlace(p, off);
        } else {
            frame.addCopy(p, off);
        }
    }

    private void complete() {
        if (!open || frame.length() == 0) {
            return;
        }
        if (awaitingKeyframe && !keyframe) {
            skipped++;
            frame.clear();
            return;
        }
        awaitingKeyframe = false;
        keyframeSeen |= keyframe;
        completed.add(new Completed(frame.take(keyframe ? prefix : NONE), keyframe));
    }

    /** Drops the frame; packets are passed over until the next video PES packet begins. */
    private void drop() {
        dropped++;
        peeked = false;
        awaitingKeyframe = keyframeSeen;
        open = false;
        lead = false;
        splitPid = -1;
        frame.clear();
    }
}

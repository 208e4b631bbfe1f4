package dev.camrelay.media.ts;

import java.util.Objects;

/**
 * Cuts an MPEG transport stream into frames of whole 188-byte packets, one video picture each, so
 * that a viewer is sent nothing but whole packets and can join at a keyframe. A keyframe (a picture
 * that begins with a sequence header) carries copies of the latest PAT and PMT; a lost or oversize
 * picture is dropped whole, and the pictures after it are passed over until the next keyframe. How
 * sync, frames, message ends, keyframes and loss are judged: {@code package-info.java}.
 *
 * <p>Owned by one thread (the connection's reader); not thread-safe. Frames are handed to the
 * consumer at the end of the call that completed them; if it throws, the rest of them are lost.
 */
public final class TsDemuxer {
    private static final int SIZE = TsPackets.SIZE;
    private static final byte SYNC = TsPackets.SYNC;

    private final TsFramer framer;

    /**
     * The undecided bytes of earlier inputs (a partial packet, or a packet whose next sync byte has
     * not come) at its start, with room after them for the first bytes of the next input: enough to
     * decide every packet that begins in the former.
     */
    private final byte[] stitch = new byte[2 * SIZE + 1];

    private int pending;

    /**
     * The next byte to decide begins a packet, whose sync byte has been checked; else sync is
     * sought.
     */
    private boolean inSync;

    /**
     * A message end, or a picture's end at the end of an input, confirmed the packet before it: the
     * next input's first byte must be a sync byte.
     */
    private boolean syncExpected;

    /** Bytes were fed since the last {@link #endOfMessage}: there is a message to mark. */
    private boolean fedSinceMark;

    /**
     * A packet that ends a picture at the end of an input is taken before the byte after it has
     * come, until the first sync loss: a sender that sends garbage is not trusted with that.
     */
    private boolean takesUnconfirmed = true;

    private long garbageBytes;

    /**
     * @param maxFrameBytes the longest frame to emit (8 MiB in production); room for a PAT, a PMT
     *     and a packet at least
     */
    public TsDemuxer(int maxFrameBytes) {
        if (maxFrameBytes < 3 * SIZE || maxFrameBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("bad frame limit: " + maxFrameBytes + " bytes");
        }
        this.framer = new TsFramer(maxFrameBytes);
    }

    /** Consumes transport stream bytes, handing each frame they complete to {@code out}. */
    public void feed(byte[] in, int off, int len, TsFrameConsumer out) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (len == 0) {
            return;
        }
        int end = off + len;
        int from = off;
        fedSinceMark = true;
        if (syncExpected) {
            syncExpected = false;
            if (in[off] != SYNC) {
                syncLost();
            }
        }
        if (pending > 0) {
            int taken = Math.min(len, stitch.length - pending);
            System.arraycopy(in, off, stitch, pending, taken);
            int stop = scan(stitch, 0, pending + taken, pending, false, taken == len);
            if (stop < pending) {
                // still undecided, which means the input was too short to fill the stitch: all of
                // it is here
                pending += taken - stop;
                System.arraycopy(stitch, stop, stitch, 0, pending);
                framer.endOfInput(out);
                return;
            }
            from = off + stop - pending;
            pending = 0;
        }
        int stop = scan(in, from, end, end, true, true);
        // what is left is at most a packet without the sync byte after it
        pending = end - stop;
        System.arraycopy(in, stop, stitch, 0, pending);
        framer.endOfInput(out);
    }

    /**
     * Marks the end of a length-framed message: the bytes fed since the previous call were one
     * message. Once the sender is known to end its messages where pictures end, this emits the
     * message's last picture at once. Nothing fed since the last call: nothing to mark.
     */
    public void endOfMessage(TsFrameConsumer out) {
        if (!fedSinceMark) {
            return;
        }
        fedSinceMark = false;
        // the message's last packet waits for the byte after it (a whole packet when the end is
        // clean), unless it was taken as the end of a picture
        boolean taken = syncExpected;
        boolean clean = inSync && (pending == SIZE || taken);
        if (clean && !taken && framer.trustsMessageEnds()) {
            framer.packet(stitch, 0, false);
            pending = 0;
            syncExpected = true;
        }
        framer.messageEnded(clean);
        framer.endOfInput(out);
    }

    /** Whether message ends are known to be picture ends (see {@link #endOfMessage}). */
    boolean messagesAligned() {
        return framer.aligned();
    }

    /** Whether the sender showed that its message ends are not picture ends: that is final. */
    boolean messagesUnaligned() {
        return !framer.trustsMessageEnds();
    }

    /** Bytes skipped to find or regain sync, skipped packets included. */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** Frames dropped whole: over the byte limit, or short of a packet lost to a sync loss. */
    public long droppedFrames() {
        return framer.dropped();
    }

    /** Whole pictures passed over after a loss while waiting for the next keyframe. */
    public long skippedFrames() {
        return framer.skipped();
    }

    /** True while part of a frame is buffered; it is lost if the input ends now. */
    public boolean midFrame() {
        return framer.midFrame();
    }

    /**
     * Hands on the packets that begin in {@code buf[from, limit)} and can be decided with the bytes
     * up to {@code end}, and skips garbage there.
     *
     * @param last whether {@code end} is the end of the input
     * @return the index of the first byte not decided yet
     */
    private int scan(byte[] buf, int from, int end, int limit, boolean inPlace, boolean last) {
        int p = from;
        while (p < limit) {
            if (!inSync) {
                p = search(buf, p, end, limit);
                if (!inSync) {
                    break;
                }
            }
            int next = p + SIZE;
            if (next > end) {
                break;
            }
            if (next == end) {
                if (last && takesUnconfirmed && framer.peekAtEnd(buf, p)) {
                    p = next;
                    syncExpected = true;
                } else {
                    framer.peek(buf, p);
                }
                break;
            }
            if (buf[next] == SYNC) {
                framer.packet(buf, p, inPlace);
                p = next;
            } else {
                // what follows is no packet, so this one may have been cut short by garbage too
                framer.peek(buf, p);
                syncLost();
                garbageBytes++;
                p++;
            }
        }
        return p;
    }

    private void syncLost() {
        inSync = false;
        takesUnconfirmed = false;
        framer.syncLost();
    }

    /**
     * Looks for a sync byte in {@code buf[from, limit)} that another follows 188 bytes on, counting
     * the bytes before it as garbage; sets {@link #inSync} when it finds one.
     *
     * @return where that sync byte is, or where a sync byte is that cannot be checked before more
     *     input comes, or {@code limit}
     */
    private int search(byte[] buf, int from, int end, int limit) {
        int c = from;
        while (c < limit) {
            if (buf[c] == SYNC) {
                if (c + SIZE >= end) {
                    break;
                }
                if (buf[c + SIZE] == SYNC) {
                    inSync = true;
                    break;
                }
            }
            c++;
        }
        garbageBytes += c - from;
        return c;
    }
}

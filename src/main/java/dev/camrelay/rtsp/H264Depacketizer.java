package dev.camrelay.rtsp;

import dev.camrelay.media.h264.AccessUnit;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Rebuilds H.264 access units from RTP (RFC 6184 single NAL unit, STAP-A and FU-A packets). The
 * marker bit ends an access unit, so a picture goes out with its last packet; a new timestamp
 * also ends one whose marker was lost. After a sequence gap or a malformed packet nothing goes out
 * until the next IDR (never a broken picture). An IDR that lacks SPS/PPS gets the latest ones, in
 * band or from the SDP's sprop-parameter-sets; parameter sets between the slices of a picture are
 * remembered but left out. Owned by the source's thread.
 */
public final class H264Depacketizer {
    private static final byte[] START = {0, 0, 0, 1};
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int IDR = 5;
    private static final int SPS = 7;
    private static final int PPS = 8;

    private final int maxAccessUnitBytes;
    private final ByteArrayOutputStream unit = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream();
    private byte[] sps;
    private byte[] pps;
    private boolean fragmentOpen;
    private boolean hasIdr;
    private boolean hasSps;
    private boolean hasPps;
    private boolean hasSlice;
    private int nalCount;
    private long unitTimestamp = -1;
    private int expectedSequence = -1;
    private boolean waitingForKeyframe = true;
    /** Set after a gap or a malformed packet: the rest of that timestamp's unit is skipped. */
    private boolean broken;
    private long brokenTimestamp;
    private long gaps;
    private long malformed;
    private long droppedUnits;

    public H264Depacketizer(String spropParameterSets, int maxAccessUnitBytes) {
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        for (String set : spropParameterSets.split(",")) {
            try {
                remember(Base64.getDecoder().decode(set.strip()));
            } catch (IllegalArgumentException e) {
                malformed++;
            }
        }
    }

    /** Takes one packet; calls {@code out} with the access unit this packet completes, if any. */
    public void accept(RtpPacket packet, Consumer<AccessUnit> out) {
        boolean gap = expectedSequence >= 0 && packet.sequence() != expectedSequence;
        expectedSequence = (packet.sequence() + 1) & 0xFFFF;
        if (gap) {
            gaps++;
            breakUnit(packet.timestamp());
        }
        if (broken && packet.timestamp() == brokenTimestamp) {
            return;
        }
        broken = false;
        if (nalCount > 0 && packet.timestamp() != unitTimestamp) {
            finish(out);
        }
        unitTimestamp = packet.timestamp();
        if (packet.payloadLength() < 1 || !payload(packet)) {
            malformed++;
            breakUnit(packet.timestamp());
            return;
        }
        if (packet.marker()) {
            finish(out);
        }
    }

    /** The latest SPS NAL unit (header included), or null. */
    public byte[] sps() {
        return sps;
    }

    public long gaps() {
        return gaps;
    }

    public long malformed() {
        return malformed;
    }

    /** Access units not sent: broken by a gap or a malformed packet, or waiting for an IDR. */
    public long droppedUnits() {
        return droppedUnits;
    }

    private boolean payload(RtpPacket p) {
        int type = p.payloadByte(0) & 0x1F;
        if (type >= 1 && type <= 23) {
            return !fragmentOpen && nal(p.data(), p.payloadOffset(), p.payloadLength());
        }
        if (type == STAP_A) {
            return !fragmentOpen && aggregate(p);
        }
        if (type == FU_A) {
            return fragment(p);
        }
        return false;
    }

    private boolean aggregate(RtpPacket p) {
        int at = 1;
        while (at < p.payloadLength()) {
            if (at + 2 > p.payloadLength()) {
                return false;
            }
            int size = (p.payloadByte(at) << 8) | p.payloadByte(at + 1);
            at += 2;
            if (size == 0 || at + size > p.payloadLength() || !nal(p.data(), p.payloadOffset() + at, size)) {
                return false;
            }
            at += size;
        }
        return true;
    }

    private boolean fragment(RtpPacket p) {
        if (p.payloadLength() < 2) {
            return false;
        }
        int header = p.payloadByte(1);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start == fragmentOpen) {
            return false;
        }
        if (start) {
            fragment.reset();
            fragment.write((p.payloadByte(0) & 0xE0) | (header & 0x1F));
            fragmentOpen = true;
        }
        if (fragment.size() + p.payloadLength() > maxAccessUnitBytes) {
            return false;
        }
        fragment.write(p.data(), p.payloadOffset() + 2, p.payloadLength() - 2);
        if (end) {
            fragmentOpen = false;
            byte[] nal = fragment.toByteArray();
            return nal(nal, 0, nal.length);
        }
        return true;
    }

    private boolean nal(byte[] in, int off, int len) {
        if (len < 1 || unit.size() + len + 4 > maxAccessUnitBytes || (in[off] & 0x80) != 0) {
            return false;
        }
        int type = in[off] & 0x1F;
        if (type == SPS || type == PPS) {
            byte[] copy = new byte[len];
            System.arraycopy(in, off, copy, 0, len);
            remember(copy);
            if (hasSlice) {
                // after a slice a parameter set would begin a new access unit for a decoder (H.264
                // 7.4.1.2.3); some payloaders repeat them before every IDR slice, even mid-picture
                return true;
            }
        }
        hasSlice |= type >= 1 && type <= IDR;
        hasIdr |= type == IDR;
        hasSps |= type == SPS;
        hasPps |= type == PPS;
        unit.write(START, 0, 4);
        unit.write(in, off, len);
        nalCount++;
        return true;
    }

    private void remember(byte[] nal) {
        if (nal.length > 0 && (nal[0] & 0x1F) == SPS) {
            sps = nal;
        } else if (nal.length > 0 && (nal[0] & 0x1F) == PPS) {
            pps = nal;
        }
    }

    private void finish(Consumer<AccessUnit> out) {
        if (fragmentOpen) {
            // the marker or a new timestamp came while a fragmented NAL unit was still open
            malformed++;
            breakUnit(unitTimestamp);
            return;
        }
        if (nalCount == 0) {
            return;
        }
        if (hasIdr) {
            waitingForKeyframe = false;
        }
        if (waitingForKeyframe) {
            droppedUnits++;
            reset();
            return;
        }
        ByteArrayOutputStream annexB = unit;
        int count = nalCount;
        if (hasIdr && (!hasSps || !hasPps) && sps != null && pps != null) {
            annexB = new ByteArrayOutputStream(unit.size() + sps.length + pps.length + 8);
            writeNal(annexB, hasSps ? new byte[0] : sps);
            writeNal(annexB, hasPps ? new byte[0] : pps);
            count += (hasSps ? 0 : 1) + (hasPps ? 0 : 1);
            annexB.writeBytes(unit.toByteArray());
        }
        AccessUnit au = new AccessUnit(annexB.toByteArray(), hasIdr, count);
        reset();
        out.accept(au);
    }

    private static void writeNal(ByteArrayOutputStream out, byte[] nal) {
        if (nal.length > 0) {
            out.write(START, 0, 4);
            out.write(nal, 0, nal.length);
        }
    }

    /** Drops the unit being built, skips the rest of the unit at {@code timestamp}, waits for an IDR. */
    private void breakUnit(long timestamp) {
        if (nalCount > 0 || fragmentOpen || !broken) {
            droppedUnits++;
        }
        broken = true;
        brokenTimestamp = timestamp;
        waitingForKeyframe = true;
        fragmentOpen = false;
        reset();
    }

    private void reset() {
        unit.reset();
        nalCount = 0;
        hasIdr = false;
        hasSps = false;
        hasPps = false;
        hasSlice = false;
    }
}

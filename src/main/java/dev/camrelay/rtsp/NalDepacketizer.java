package dev.camrelay.rtsp;

import dev.camrelay.media.h264.AccessUnit;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Rebuilds access units from RTP: H.264 (RFC 6184 single NAL unit, STAP-A, FU-A) or H.265 (RFC 7798
 * single, AP, FU), passed through as Annex B. The marker bit ends an access unit, so a picture goes
 * out with its last packet; a new timestamp also ends one whose marker was lost. After a sequence
 * gap or a malformed packet nothing goes out until the next keyframe (never a broken picture). A
 * keyframe lacking parameter sets gets the latest ones, in band or from the SDP; parameter sets
 * between the slices of a picture are remembered but left out. The output's {@code idr} means
 * keyframe (IRAP for H.265). Owned by the source's thread.
 */
public final class NalDepacketizer {
    private static final byte[] START = {0, 0, 0, 1};

    private final NalSyntax syntax;
    private final int maxAccessUnitBytes;
    private final ByteArrayOutputStream unit = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream();

    /** The latest of each parameter set, by its index in the syntax's list. */
    private final byte[][] parameterSets;

    private final boolean[] unitHas;
    private boolean fragmentOpen;
    private boolean hasKeyframe;
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

    private NalDepacketizer(NalSyntax syntax, String sdpParameterSets, int maxAccessUnitBytes) {
        this.syntax = syntax;
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.parameterSets = new byte[syntax.parameterSetTypes().length][];
        this.unitHas = new boolean[parameterSets.length];
        for (String set : sdpParameterSets.split(",")) {
            try {
                remember(Base64.getDecoder().decode(set.strip()));
            } catch (IllegalArgumentException e) {
                malformed++;
            }
        }
    }

    /** H.264 with the SDP's {@code sprop-parameter-sets} (comma-separated base64 SPS and PPS). */
    public static NalDepacketizer h264(String spropParameterSets, int maxAccessUnitBytes) {
        return new NalDepacketizer(NalSyntax.H264, spropParameterSets, maxAccessUnitBytes);
    }

    /** H.265 with the SDP's {@code sprop-vps}, {@code sprop-sps}, {@code sprop-pps}. */
    public static NalDepacketizer h265(String vps, String sps, String pps, int maxAccessUnitBytes) {
        return new NalDepacketizer(NalSyntax.H265, vps + "," + sps + "," + pps, maxAccessUnitBytes);
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
        if (packet.payloadLength() < syntax.headerBytes() || !payload(packet)) {
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
        return parameterSets[parameterSets.length - 2];
    }

    public long gaps() {
        return gaps;
    }

    public long malformed() {
        return malformed;
    }

    /** Access units not sent: broken by a gap or a malformed packet, or waiting for a keyframe. */
    public long droppedUnits() {
        return droppedUnits;
    }

    private boolean payload(RtpPacket p) {
        int type = syntax.type(p.payloadByte(0));
        if (syntax.single(type)) {
            return !fragmentOpen && nal(p.data(), p.payloadOffset(), p.payloadLength());
        }
        if (type == syntax.aggregation()) {
            return !fragmentOpen && aggregate(p);
        }
        if (type == syntax.fragmentation()) {
            return fragment(p);
        }
        return false;
    }

    private boolean aggregate(RtpPacket p) {
        int at = syntax.headerBytes();
        while (at < p.payloadLength()) {
            if (at + 2 > p.payloadLength()) {
                return false;
            }
            int size = (p.payloadByte(at) << 8) | p.payloadByte(at + 1);
            at += 2;
            if (size == 0
                    || at + size > p.payloadLength()
                    || !nal(p.data(), p.payloadOffset() + at, size)) {
                return false;
            }
            at += size;
        }
        return true;
    }

    private boolean fragment(RtpPacket p) {
        int headerAt = syntax.headerBytes();
        if (p.payloadLength() <= headerAt) {
            return false;
        }
        int header = p.payloadByte(headerAt);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start == fragmentOpen) {
            return false;
        }
        if (start) {
            fragment.reset();
            fragment.write(syntax.fragmentHeader(p.payloadByte(0), header));
            if (syntax.headerBytes() == 2) {
                fragment.write(p.payloadByte(1));
            }
            fragmentOpen = true;
        }
        if (fragment.size() + p.payloadLength() > maxAccessUnitBytes) {
            return false;
        }
        fragment.write(
                p.data(), p.payloadOffset() + headerAt + 1, p.payloadLength() - headerAt - 1);
        if (end) {
            fragmentOpen = false;
            byte[] nal = fragment.toByteArray();
            return nal(nal, 0, nal.length);
        }
        return true;
    }

    private boolean nal(byte[] in, int off, int len) {
        if (len < syntax.headerBytes()
                || unit.size() + len + 4 > maxAccessUnitBytes
                || (in[off] & 0x80) != 0) {
            return false;
        }
        int type = syntax.type(in[off] & 0xFF);
        int set = syntax.parameterSet(type);
        if (set >= 0) {
            byte[] copy = new byte[len];
            System.arraycopy(in, off, copy, 0, len);
            remember(copy);
            if (hasSlice) {
                // after a slice a parameter set would begin a new access unit for a decoder (H.264
                // 7.4.1.2.3); some payloaders repeat them before every IDR slice, even mid-picture
                return true;
            }
            unitHas[set] = true;
        }
        hasSlice |= syntax.slice(type);
        hasKeyframe |= syntax.keyframe(type);
        unit.write(START, 0, 4);
        unit.write(in, off, len);
        nalCount++;
        return true;
    }

    private void remember(byte[] nal) {
        if (nal.length >= syntax.headerBytes()) {
            int set = syntax.parameterSet(syntax.type(nal[0] & 0xFF));
            if (set >= 0) {
                parameterSets[set] = nal;
            }
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
        if (hasKeyframe) {
            waitingForKeyframe = false;
        }
        if (waitingForKeyframe) {
            droppedUnits++;
            reset();
            return;
        }
        ByteArrayOutputStream annexB = unit;
        int count = nalCount;
        if (hasKeyframe && missingParameterSets()) {
            annexB = new ByteArrayOutputStream(unit.size() + 256);
            for (int i = 0; i < parameterSets.length; i++) {
                if (!unitHas[i] && parameterSets[i] != null) {
                    annexB.write(START, 0, 4);
                    annexB.write(parameterSets[i], 0, parameterSets[i].length);
                    count++;
                }
            }
            annexB.writeBytes(unit.toByteArray());
        }
        AccessUnit au = new AccessUnit(annexB.toByteArray(), hasKeyframe, count);
        reset();
        out.accept(au);
    }

    private boolean missingParameterSets() {
        for (boolean has : unitHas) {
            if (!has) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops the unit being built, skips the rest of the unit at {@code timestamp}, waits for a
     * keyframe.
     */
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
        hasKeyframe = false;
        hasSlice = false;
        Arrays.fill(unitHas, false);
    }
}

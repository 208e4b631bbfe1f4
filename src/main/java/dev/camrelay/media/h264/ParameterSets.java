package dev.camrelay.media.h264;

import java.util.Optional;

/**
 * The latest SPS and PPS of a stream, kept so that every IDR access unit can go out with them.
 * Compared by content, so the copies an encoder repeats before each IDR cost no allocation. Owned
 * by the assembler's thread.
 */
final class ParameterSets {
    private byte[] sps;
    private byte[] pps;
    private Optional<SpsInfo> spsInfo = Optional.empty();

    /** Remembers the NAL unit that {@code buffer} has just ended, if it is an SPS or a PPS. */
    void remember(int type, AccessUnitBuffer buffer) {
        if (type == NalUnits.SPS && !buffer.lastNalEquals(sps)) {
            sps = buffer.copyLastNal();
            spsInfo = SpsParser.parse(sps);
        } else if (type == NalUnits.PPS && !buffer.lastNalEquals(pps)) {
            pps = buffer.copyLastNal();
        }
    }

    /** The latest SPS NAL unit (header byte included), or null before any. */
    byte[] sps() {
        return sps;
    }

    /** The latest PPS NAL unit (header byte included), or null before any. */
    byte[] pps() {
        return pps;
    }

    Optional<SpsInfo> spsInfo() {
        return spsInfo;
    }
}

package dev.camrelay.media.mp4;

import dev.camrelay.media.h264.SpsInfo;
import java.util.Arrays;

/**
 * What an init segment says about an H.264 track: the parameter sets its {@code avcC} carries and
 * the displayed size from the SPS. Compared by content, so the muxer can tell when an encoder has
 * changed them (a new size, or a quality switch to another rendition).
 *
 * @param sps the sequence parameter set NAL unit, header byte included
 * @param pps the picture parameter set NAL unit, header byte included
 * @param info what the SPS says: profile, level, size
 * @param chroma the SPS's chroma format and bit depths
 */
record AvcTrack(byte[] sps, byte[] pps, SpsInfo info, ChromaFormat chroma) implements VideoTrack {
    boolean sameParameterSets(byte[] otherSps, byte[] otherPps) {
        return Arrays.equals(sps, otherSps) && Arrays.equals(pps, otherPps);
    }

    /** The RFC 6381 codec string, e.g. {@code avc1.42C01E}, for MediaSource.isTypeSupported. */
    @Override
    public String codec() {
        return info.codecString();
    }

    @Override
    public int width() {
        return info.width();
    }

    @Override
    public int height() {
        return info.height();
    }

    @Override
    public int parameterSetBytes() {
        return sps.length + pps.length;
    }
}

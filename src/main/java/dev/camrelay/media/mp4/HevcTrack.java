package dev.camrelay.media.mp4;

import dev.camrelay.media.h265.H265Sps;
import java.util.Arrays;

/**
 * What an init segment says about an H.265 track: the parameter sets its {@code hvcC} carries and
 * what the SPS says. Compared by content, so the muxer can tell when an encoder has changed them.
 *
 * @param vps the video parameter set NAL unit, 2-byte header included
 * @param sps the sequence parameter set NAL unit
 * @param pps the picture parameter set NAL unit
 * @param info what the SPS says: profile, tier, level, chroma, size
 */
record HevcTrack(byte[] vps, byte[] sps, byte[] pps, H265Sps info) implements VideoTrack {
    boolean sameParameterSets(byte[] otherVps, byte[] otherSps, byte[] otherPps) {
        return Arrays.equals(vps, otherVps)
                && Arrays.equals(sps, otherSps)
                && Arrays.equals(pps, otherPps);
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
    public String codec() {
        return info.codecString();
    }

    @Override
    public int parameterSetBytes() {
        return vps.length + sps.length + pps.length;
    }

    /**
     * The {@code hvcC} box: an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3) with one
     * VPS, SPS and PPS array, 4-byte NAL lengths.
     */
    void writeConfig(BoxWriter w) {
        int hvcC = w.begin("hvcC");
        w.u8(1); // configurationVersion
        w.u8((info.profileSpace() << 6) | (info.tier() << 5) | info.profileIdc());
        w.u32(info.compatibilityFlags());
        for (int i = 0; i < 6; i++) {
            w.u8(info.constraintByte(i));
        }
        w.u8(info.levelIdc());
        w.u16(0xF000); // reserved, min_spatial_segmentation_idc 0
        w.u8(0xFC); // reserved, parallelismType 0: unknown
        w.u8(0xFC | info.chromaFormatIdc());
        w.u8(0xF8 | info.bitDepthLumaMinus8());
        w.u8(0xF8 | info.bitDepthChromaMinus8());
        w.u16(0); // avgFrameRate: unknown
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
        w.u8((info.subLayers() << 3) | (info.temporalIdNesting() ? 4 : 0) | 3);
        w.u8(3); // numOfArrays
        for (byte[] nal : new byte[][] {vps, sps, pps}) {
            w.u8(0x80 | ((nal[0] >> 1) & 0x3F)); // array_completeness 1, NAL_unit_type
            w.u16(1);
            w.u16(nal.length);
            w.bytes(nal);
        }
        w.end(hvcC);
    }
}

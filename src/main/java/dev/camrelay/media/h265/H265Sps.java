package dev.camrelay.media.h265;

import dev.camrelay.media.h264.RbspReader;
import java.util.Locale;
import java.util.Optional;

/**
 * What an H.265 sequence parameter set (ITU-T H.265 7.3.2.2) tells a viewer: the general
 * profile_tier_level fields (for the codec string and the {@code hvcC} record), the chroma format
 * and bit depths, and the displayed size after the conformance window.
 *
 * @param profileSpace general_profile_space, 0 for every profile in use
 * @param tier general_tier_flag: 0 Main tier, 1 High tier
 * @param profileIdc general_profile_idc, e.g. 1 Main, 2 Main 10
 * @param compatibilityFlags general_profile_compatibility_flag[0..31], flag 0 the high bit
 * @param constraintFlags the 48 bits from general_progressive_source_flag on
 * @param levelIdc general_level_idc, thirty times the level (93 is level 3.1)
 * @param subLayers sps_max_sub_layers_minus1 + 1
 * @param temporalIdNesting sps_temporal_id_nesting_flag
 * @param chromaFormatIdc chroma_format_idc: 1 is 4:2:0
 * @param bitDepthLumaMinus8 bit_depth_luma_minus8
 * @param bitDepthChromaMinus8 bit_depth_chroma_minus8
 * @param width width in pixels, after the conformance window
 * @param height height in pixels, after the conformance window
 */
public record H265Sps(
        int profileSpace,
        int tier,
        int profileIdc,
        long compatibilityFlags,
        long constraintFlags,
        int levelIdc,
        int subLayers,
        boolean temporalIdNesting,
        int chromaFormatIdc,
        int bitDepthLumaMinus8,
        int bitDepthChromaMinus8,
        int width,
        int height) {
    /** Far beyond any real picture; bounds sizes read from a hostile SPS. */
    private static final int MAX_SIDE = 16888;

    private static final int NAL_HEADER_BYTES = 2;
    private static final int SPS_TYPE = 33;

    /**
     * Parses an SPS NAL unit, its 2-byte header included; empty if it is not one or does not parse.
     */
    public static Optional<H265Sps> parse(byte[] nal) {
        if (nal.length <= NAL_HEADER_BYTES || ((nal[0] >> 1) & 0x3F) != SPS_TYPE) {
            return Optional.empty();
        }
        RbspReader r = new RbspReader(nal, NAL_HEADER_BYTES);
        r.bits(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int) r.bits(3);
        boolean nesting = r.flag();
        int profileSpace = (int) r.bits(2);
        int tier = r.bit();
        int profileIdc = (int) r.bits(5);
        long compatibility = r.bits(32);
        long constraints = (r.bits(16) << 32) | r.bits(32);
        int levelIdc = (int) r.bits(8);
        skipSubLayers(r, maxSubLayersMinus1);
        r.ue(15); // sps_seq_parameter_set_id
        int chroma = r.ue(3);
        boolean separatePlanes = chroma == 3 && r.flag();
        int width = r.ue(MAX_SIDE);
        int height = r.ue(MAX_SIDE);
        int left = 0;
        int right = 0;
        int top = 0;
        int bottom = 0;
        if (r.flag()) {
            left = r.ue(MAX_SIDE);
            right = r.ue(MAX_SIDE);
            top = r.ue(MAX_SIDE);
            bottom = r.ue(MAX_SIDE);
        }
        int bitDepthLuma = r.ue(8);
        int bitDepthChroma = r.ue(8);
        int arrayType = separatePlanes ? 0 : chroma;
        int subWidth = arrayType == 1 || arrayType == 2 ? 2 : 1;
        int subHeight = arrayType == 1 ? 2 : 1;
        int shownWidth = width - subWidth * (left + right);
        int shownHeight = height - subHeight * (top + bottom);
        if (r.failed() || shownWidth <= 0 || shownHeight <= 0) {
            return Optional.empty();
        }
        return Optional.of(
                new H265Sps(
                        profileSpace,
                        tier,
                        profileIdc,
                        compatibility,
                        constraints,
                        levelIdc,
                        maxSubLayersMinus1 + 1,
                        nesting,
                        chroma,
                        bitDepthLuma,
                        bitDepthChroma,
                        shownWidth,
                        shownHeight));
    }

    /** The sub-layer part of profile_tier_level: flags, padding, then each present field. */
    private static void skipSubLayers(RbspReader r, int maxSubLayersMinus1) {
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.bits(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.bits(32);
                r.bits(32);
                r.bits(24); // 88 bits of profile fields
            }
            if (levelPresent[i]) {
                r.bits(8);
            }
        }
    }

    /**
     * The codec string of ISO/IEC 14496-15 Annex E that WebCodecs and {@code
     * MediaSource.isTypeSupported} take, e.g. {@code hvc1.1.6.L93.B0}: profile space and profile,
     * the compatibility flags bit-reversed in hex, tier and level, then the constraint bytes up to
     * the last non-zero one.
     */
    public String codecString() {
        StringBuilder s = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            s.append((char) ('A' + profileSpace - 1));
        }
        s.append(profileIdc).append('.');
        s.append(Long.toHexString(Integer.reverse((int) compatibilityFlags) & 0xFFFFFFFFL));
        s.append('.').append(tier == 0 ? 'L' : 'H').append(levelIdc);
        int last = 0;
        for (int i = 0; i < 6; i++) {
            if (constraintByte(i) != 0) {
                last = i + 1;
            }
        }
        for (int i = 0; i < last; i++) {
            s.append('.').append(Integer.toHexString(constraintByte(i)).toUpperCase(Locale.ROOT));
        }
        return s.toString();
    }

    /** Byte {@code i} (0 first) of the 6 constraint bytes. */
    public int constraintByte(int i) {
        return (int) (constraintFlags >>> (8 * (5 - i))) & 0xFF;
    }
}

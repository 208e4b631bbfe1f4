package dev.camrelay.media.h264;

import java.util.HexFormat;

/**
 * What a viewer needs to know from a sequence parameter set before decoding: the profile and level
 * (for the codec string) and the displayed size.
 *
 * @param profileIdc profile_idc, e.g. 66 Baseline, 77 Main, 100 High
 * @param constraintFlags the byte after profile_idc: constraint_set0..5 flags and 2 reserved bits
 * @param levelIdc level_idc, ten times the level (31 is level 3.1)
 * @param width width in pixels, after frame cropping
 * @param height height in pixels, after frame cropping
 */
public record SpsInfo(int profileIdc, int constraintFlags, int levelIdc, int width, int height) {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /**
     * The RFC 6381 codec string {@code avc1.PPCCLL} that WebCodecs' {@code VideoDecoder} and {@code
     * MediaSource.isTypeSupported} take, e.g. {@code avc1.42C01E} for Constrained Baseline 3.0.
     */
    public String codecString() {
        return "avc1."
                + HEX.toHexDigits((byte) profileIdc)
                + HEX.toHexDigits((byte) constraintFlags)
                + HEX.toHexDigits((byte) levelIdc);
    }
}

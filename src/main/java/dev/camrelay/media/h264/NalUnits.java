package dev.camrelay.media.h264;

/**
 * NAL unit types (H.264 Table 7-1) and the few facts about them that access-unit assembly needs.
 */
final class NalUnits {
    static final int SLICE = 1;
    static final int PARTITION_A = 2;
    static final int IDR = 5;
    static final int SEI = 6;
    static final int SPS = 7;
    static final int PPS = 8;
    static final int AUD = 9;
    static final int END_OF_SEQUENCE = 10;
    static final int END_OF_STREAM = 11;

    private NalUnits() {}

    static int type(byte header) {
        return header & 0x1F;
    }

    /** Coded slice data: the NAL units that make up the picture itself. */
    static boolean isVcl(int type) {
        return type >= SLICE && type <= IDR;
    }

    /** Types whose payload begins with a slice header, and so with first_mb_in_slice. */
    static boolean hasSliceHeader(int type) {
        return type == SLICE || type == PARTITION_A || type == IDR;
    }

    /**
     * Non-VCL types that H.264 7.4.1.2.3 allows only before the first VCL NAL unit of a picture:
     * after a picture they begin the next access unit.
     */
    static boolean precedesPicture(int type) {
        return (type >= SEI && type <= AUD) || (type >= 14 && type <= 18);
    }
}

package dev.camrelay.media.h264;

import java.util.Optional;

/**
 * Reads a sequence parameter set (H.264 7.3.2.1.1) as far as the frame cropping, which is all a
 * viewer needs: profile, level and the displayed size. The VUI that may follow is not checked:
 * cameras send SPSs whose VUI is cut short or odd, which decoders (ffmpeg, browsers) accept, so
 * rejecting them here would only lose the codec string of a stream that plays.
 */
public final class SpsParser {
    /**
     * Largest picture side in macroblocks that any level allows: A.3.1 limits each side to sqrt(8 *
     * MaxFS), and level 6.2's MaxFS of 139264 gives 1055.
     */
    private static final int MAX_MBS_PER_SIDE = 1055;

    private static final int MAX_CROP = MAX_MBS_PER_SIDE * 16;

    private SpsParser() {}

    /**
     * Parses an SPS NAL unit: its header byte, then its payload with emulation-prevention bytes
     * still in (as it comes out of a byte stream, without the start code). Returns empty for
     * anything that is not a well-formed SPS; never throws on malformed input.
     */
    public static Optional<SpsInfo> parse(byte[] nal) {
        if (nal == null
                || nal.length < 4
                || (nal[0] & 0x80) != 0
                || NalUnits.type(nal[0]) != NalUnits.SPS) {
            return Optional.empty();
        }
        RbspReader r = new RbspReader(nal, 1);
        int profileIdc = (int) r.bits(8);
        int constraintFlags = (int) r.bits(8);
        int levelIdc = (int) r.bits(8);
        r.ue(31); // seq_parameter_set_id
        int chromaFormatIdc = 1;
        boolean separateColourPlanes = false;
        if (hasChromaFormat(profileIdc)) {
            chromaFormatIdc = r.ue(3);
            if (chromaFormatIdc == 3) {
                separateColourPlanes = r.flag();
            }
            r.ue(6); // bit_depth_luma_minus8
            r.ue(6); // bit_depth_chroma_minus8
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                skipScalingLists(r, chromaFormatIdc == 3 ? 12 : 8);
            }
        }
        r.ue(12); // log2_max_frame_num_minus4
        skipPictureOrderCount(r);
        r.ue(16); // max_num_ref_frames: at most MaxDpbFrames
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.ue(MAX_MBS_PER_SIDE - 1) + 1;
        int heightInMapUnits = r.ue(MAX_MBS_PER_SIDE - 1) + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.flag()) { // frame_cropping_flag
            cropLeft = r.ue(MAX_CROP);
            cropRight = r.ue(MAX_CROP);
            cropTop = r.ue(MAX_CROP);
            cropBottom = r.ue(MAX_CROP);
        }
        r.flag(); // vui_parameters_present_flag: the last field every SPS has
        if (r.failed()) {
            return Optional.empty();
        }
        // 7.4.2.1.1: without frame_mbs_only a map unit is a pair of field macroblock rows, and
        // crop offsets count chroma samples (ChromaArrayType 0 = monochrome or separate planes)
        int fieldFactor = frameMbsOnly ? 1 : 2;
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
        int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * fieldFactor;
        int width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = heightInMapUnits * 16 * fieldFactor - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SpsInfo(profileIdc, constraintFlags, levelIdc, width, height));
    }

    /**
     * The profiles whose SPS carries chroma_format_idc, bit depths and scaling lists (7.3.2.1.1).
     */
    private static boolean hasChromaFormat(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /**
     * scaling_list() of 7.3.2.1.1.1 for each list present: only the syntax, the values are not
     * needed.
     */
    private static void skipScalingLists(RbspReader r, int lists) {
        for (int i = 0; i < lists && !r.failed(); i++) {
            if (r.flag()) { // seq_scaling_list_present_flag[i]
                int size = i < 6 ? 16 : 64;
                int nextScale = 8;
                // a next scale of 0 means "repeat the last one to the end": no more deltas follow
                for (int j = 0; j < size && nextScale != 0 && !r.failed(); j++) {
                    nextScale = (nextScale + r.se(-128, 127) + 256) % 256;
                }
            }
        }
    }

    private static void skipPictureOrderCount(RbspReader r) {
        int type = r.ue(2);
        if (type == 0) {
            r.ue(12); // log2_max_pic_order_cnt_lsb_minus4
        } else if (type == 1) {
            r.flag(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue(255); // num_ref_frames_in_pic_order_cnt_cycle
            for (int i = 0; i < cycle && !r.failed(); i++) {
                r.se(); // offset_for_ref_frame[i]
            }
        }
    }
}

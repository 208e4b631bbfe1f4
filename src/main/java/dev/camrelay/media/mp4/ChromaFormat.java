package dev.camrelay.media.mp4;

import java.util.Optional;

/**
 * The chroma format and bit depths of an H.264 SPS, which an {@code avcC} record repeats for every
 * profile but Baseline, Main and Extended (ISO/IEC 14496-15 5.3.3.1; ffmpeg writes them for all
 * others, so do we). Read from the SPS's RBSP, skipping emulation-prevention bytes.
 *
 * @param chromaFormatIdc chroma_format_idc: 1 for 4:2:0, 2 for 4:2:2, 3 for 4:4:4
 * @param bitDepthLumaMinus8 bit_depth_luma_minus8
 * @param bitDepthChromaMinus8 bit_depth_chroma_minus8
 */
record ChromaFormat(int chromaFormatIdc, int bitDepthLumaMinus8, int bitDepthChromaMinus8) {
    /** What profiles without these fields in their SPS imply: 8-bit 4:2:0. */
    private static final ChromaFormat DEFAULT = new ChromaFormat(1, 0, 0);

    /** Whether an avcC of this profile carries the chroma format and bit depths. */
    static boolean inAvcC(int profileIdc) {
        return profileIdc != 66 && profileIdc != 77 && profileIdc != 88;
    }

    /** Reads an SPS NAL unit (header byte first); empty when it ends too early. */
    static Optional<ChromaFormat> of(byte[] sps) {
        Bits bits = new Bits(sps);
        int profileIdc = bits.read(8);
        bits.read(16); // constraint flags, level_idc
        bits.ue(); // seq_parameter_set_id
        if (!hasChromaFormat(profileIdc)) {
            return bits.overrun ? Optional.empty() : Optional.of(DEFAULT);
        }
        int chroma = bits.ue();
        if (chroma == 3) {
            bits.read(1); // separate_colour_plane_flag
        }
        ChromaFormat format = new ChromaFormat(chroma, bits.ue(), bits.ue());
        return bits.overrun ? Optional.empty() : Optional.of(format);
    }

    /** The profiles whose SPS has chroma_format_idc (H.264 7.3.2.1.1). */
    private static boolean hasChromaFormat(int p) {
        return p == 100 || p == 110 || p == 122 || p == 244 || p == 44 || p == 83 || p == 86
                || p == 118 || p == 128 || p == 138 || p == 139 || p == 134 || p == 135;
    }

    /** An MSB-first bit reader over an RBSP that drops each 03 after 00 00. Owned by one call. */
    private static final class Bits {
        private final byte[] nal;
        private int offset = 1; // after the NAL header byte
        private int bit;
        private int zeros;
        private int current = -1;
        private boolean overrun;

        Bits(byte[] nal) {
            this.nal = nal;
        }

        int read(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 1) | nextBit();
            }
            return value;
        }

        /** An unsigned Exp-Golomb code, capped at 31 leading zeros. */
        int ue() {
            int leadingZeros = 0;
            while (nextBit() == 0 && leadingZeros < 31 && !overrun) {
                leadingZeros++;
            }
            return (1 << leadingZeros) - 1 + read(leadingZeros);
        }

        private int nextBit() {
            if (bit == 0) {
                if (!nextByte()) {
                    overrun = true;
                    return 0;
                }
                bit = 8;
            }
            bit--;
            return (current >> bit) & 1;
        }

        private boolean nextByte() {
            if (offset < nal.length && zeros >= 2 && nal[offset] == 3) {
                offset++;
                zeros = 0;
            }
            if (offset >= nal.length) {
                return false;
            }
            current = nal[offset++] & 0xFF;
            zeros = current == 0 ? zeros + 1 : 0;
            return true;
        }
    }
}

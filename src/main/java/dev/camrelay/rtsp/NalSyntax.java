package dev.camrelay.rtsp;

/**
 * How one codec's RTP payload format packs NAL units: H.264 (RFC 6184: STAP-A, FU-A, a 1-byte NAL
 * header) or H.265 (RFC 7798: AP, FU, a 2-byte header; no DONL, as cameras send).
 *
 * @param name the SDP encoding name
 * @param headerBytes NAL unit header size
 * @param aggregation the payload type of an aggregation packet
 * @param fragmentation the payload type of a fragmentation unit
 * @param parameterSetTypes parameter-set NAL types, in the order a keyframe needs them
 */
record NalSyntax(
        String name, int headerBytes, int aggregation, int fragmentation, int[] parameterSetTypes) {
    static final NalSyntax H264 = new NalSyntax("H264", 1, 24, 28, new int[] {7, 8});
    static final NalSyntax H265 = new NalSyntax("H265", 2, 48, 49, new int[] {32, 33, 34});

    int type(int firstByte) {
        return headerBytes == 1 ? firstByte & 0x1F : (firstByte >> 1) & 0x3F;
    }

    /** Types a single NAL unit packet may carry. */
    boolean single(int type) {
        return headerBytes == 1 ? type >= 1 && type <= 23 : type <= 47;
    }

    /** Coded slice data: H.264 types 1 to 5, H.265 VCL types 0 to 31. */
    boolean slice(int type) {
        return headerBytes == 1 ? type >= 1 && type <= 5 : type <= 31;
    }

    /** A picture a decoder can start at: H.264 IDR, H.265 IRAP (BLA, IDR, CRA). */
    boolean keyframe(int type) {
        return headerBytes == 1 ? type == 5 : type >= 16 && type <= 21;
    }

    /** The index of {@code type} in {@link #parameterSetTypes}, or -1. */
    int parameterSet(int type) {
        for (int i = 0; i < parameterSetTypes.length; i++) {
            if (parameterSetTypes[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** The fragmented NAL unit's type from the FU header. */
    int fragmentType(int fuHeader) {
        return headerBytes == 1 ? fuHeader & 0x1F : fuHeader & 0x3F;
    }

    /**
     * The first byte of the reassembled NAL unit header (H.265's second byte is the payload
     * header's).
     */
    int fragmentHeader(int payloadHeader, int fuHeader) {
        return headerBytes == 1
                ? (payloadHeader & 0xE0) | fragmentType(fuHeader)
                : (payloadHeader & 0x81) | (fragmentType(fuHeader) << 1);
    }
}

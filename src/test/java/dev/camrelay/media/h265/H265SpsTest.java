package dev.camrelay.media.h265;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The SPS of real x265 output, checked against what ffmpeg's trace_headers reads in it. */
class H265SpsTest {
    private static byte[] sps() {
        return H265Fixtures.nals(H265Fixtures.load(H265Fixtures.MAIN)).stream()
                .filter(n -> H265Fixtures.type(n) == 33)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void sizeIsTheConformanceWindowNotTheCodedSize() {
        H265Sps info = H265Sps.parse(sps()).orElseThrow();

        assertEquals(330, info.width());
        assertEquals(186, info.height());
        assertEquals(1, info.chromaFormatIdc());
        assertEquals(0, info.bitDepthLumaMinus8());
    }

    @Test
    void codecStringFollowsAnnexE() {
        H265Sps info = H265Sps.parse(sps()).orElseThrow();

        assertEquals(1, info.profileIdc());
        assertEquals(60, info.levelIdc());
        assertEquals("hvc1.1.6.L60.90", info.codecString());
    }

    @Test
    void otherNalUnitsAndTruncatedOnesDoNotParse() {
        byte[] sps = sps();
        byte[] vps =
                H265Fixtures.nals(H265Fixtures.load(H265Fixtures.MAIN)).stream()
                        .filter(n -> H265Fixtures.type(n) == 32)
                        .findFirst()
                        .orElseThrow();

        assertTrue(H265Sps.parse(vps).isEmpty());
        for (int length = 0; length < 20; length++) {
            assertTrue(H265Sps.parse(Arrays.copyOf(sps, length)).isEmpty(), "length " + length);
        }
    }

    @Test
    void accessUnitsOfTheFixtureAreItsFramesAndKeyFrames() {
        var units = H265Fixtures.accessUnits(H265Fixtures.load(H265Fixtures.MAIN));

        assertEquals(20, units.size());
        assertEquals(2, units.stream().filter(H265Fixtures.Unit::keyframe).count());
    }
}

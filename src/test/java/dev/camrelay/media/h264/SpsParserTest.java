package dev.camrelay.media.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpsParserTest {
    private static final List<H264Fixtures.Stream> STREAMS = H264Fixtures.ALL;

    private static byte[] firstSps(H264Fixtures.Stream stream) {
        byte[] sps = H264Fixtures.nals(stream.bytes()).get(0);
        assertEquals(7, H264Fixtures.type(sps));
        return sps;
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void fixtureSpsAgreesWithFfprobe(H264Fixtures.Stream stream) {
        SpsInfo info = SpsParser.parse(firstSps(stream)).orElseThrow();
        assertEquals(stream.profileIdc(), info.profileIdc(), "profile");
        assertEquals(stream.levelIdc(), info.levelIdc(), "level");
        assertEquals(stream.width(), info.width(), "width");
        assertEquals(stream.height(), info.height(), "height");
        assertEquals(stream.codec(), info.codecString());
    }

    @Test
    void codecStringIsProfileConstraintsAndLevelInHex() {
        assertEquals("avc1.42C01E", new SpsInfo(66, 0xC0, 30, 640, 480).codecString());
        assertEquals("avc1.640028", new SpsInfo(100, 0, 40, 1920, 1080).codecString());
        assertEquals("avc1.4D401F", new SpsInfo(77, 0x40, 31, 1280, 720).codecString());
    }

    @Test
    void interlacedMainWithPictureOrderCountType1() {
        // 1920x1080 interlaced: 34 map units of 32 lines = 1088, cropped by 2 units of 4 lines
        byte[] sps =
                new SpsWriter(77, 0x40, 40)
                        .picOrderCntType1(3)
                        .size(120, 34)
                        .fields()
                        .crop(0, 0, 0, 2)
                        .nal();
        assertEquals(Optional.of(new SpsInfo(77, 0x40, 40, 1920, 1080)), SpsParser.parse(sps));
    }

    @Test
    void highWithScalingListsIncludingOneCutShortByAZeroScale() {
        byte[] sps = new SpsWriter(100, 0, 31).chroma(1, false).scalingLists(8).size(80, 45).nal();
        assertEquals(Optional.of(new SpsInfo(100, 0, 31, 1280, 720)), SpsParser.parse(sps));
    }

    @Test
    void separateColourPlanesCropInLumaSamples() {
        byte[] sps =
                new SpsWriter(244, 0, 30)
                        .chroma(3, true)
                        .scalingLists(12)
                        .size(20, 15)
                        .crop(1, 2, 3, 4)
                        .nal();
        assertEquals(Optional.of(new SpsInfo(244, 0, 30, 320 - 3, 240 - 7)), SpsParser.parse(sps));
    }

    @Test
    void cropUnitsFollowChromaFormatAndFieldCoding() {
        // 4:4:4 interlaced: 1 x 2; 4:2:2 interlaced: 2 x 2; 4:2:2 progressive: 2 x 1; monochrome: 1
        // x 1
        assertEquals(
                new SpsInfo(244, 0, 30, 320 - 3, 480 - 14),
                SpsParser.parse(
                                new SpsWriter(244, 0, 30)
                                        .chroma(3, false)
                                        .size(20, 15)
                                        .fields()
                                        .crop(1, 2, 3, 4)
                                        .nal())
                        .orElseThrow());
        assertEquals(
                new SpsInfo(122, 0, 30, 320 - 6, 480 - 14),
                SpsParser.parse(
                                new SpsWriter(122, 0, 30)
                                        .chroma(2, false)
                                        .size(20, 15)
                                        .fields()
                                        .crop(1, 2, 3, 4)
                                        .nal())
                        .orElseThrow());
        assertEquals(
                new SpsInfo(122, 0, 30, 320 - 6, 240 - 7),
                SpsParser.parse(
                                new SpsWriter(122, 0, 30)
                                        .chroma(2, false)
                                        .size(20, 15)
                                        .crop(1, 2, 3, 4)
                                        .nal())
                        .orElseThrow());
        assertEquals(
                new SpsInfo(100, 0, 30, 320 - 3, 240 - 7),
                SpsParser.parse(
                                new SpsWriter(100, 0, 30)
                                        .chroma(0, false)
                                        .size(20, 15)
                                        .crop(1, 2, 3, 4)
                                        .nal())
                        .orElseThrow());
    }

    /**
     * The profiles whose SPS has chroma_format_idc and the fields after it, and some that have not.
     */
    @ParameterizedTest
    @ValueSource(ints = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135, 66, 77, 88})
    void chromaFieldsAreReadForTheProfilesThatHaveThem(int profile) {
        boolean chroma = List.of(66, 77, 88).indexOf(profile) < 0;
        SpsWriter sps = new SpsWriter(profile, 0, 30).size(20, 15).crop(0, 0, 0, 1);
        if (chroma) {
            sps.chroma(2, false).scalingLists(8);
        }
        assertEquals(
                Optional.of(new SpsInfo(profile, 0, 30, 320, chroma ? 239 : 238)),
                SpsParser.parse(sps.nal()));
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        // offset_for_top_to_bottom_field 2^29 takes 30 zero bits: 00 00 0x follows, escaped as 00
        // 00 03 0x
        SpsWriter sps =
                new SpsWriter(77, 0x40, 40)
                        .picOrderCntType1(3)
                        .size(120, 34)
                        .fields()
                        .crop(0, 0, 0, 2);
        byte[] nal = sps.nal();
        assertTrue(nal.length > 1 + sps.rbspLength(), "emulation prevention was needed");
        assertEquals(Optional.of(new SpsInfo(77, 0x40, 40, 1920, 1080)), SpsParser.parse(nal));
    }

    @Test
    void anythingElseIsEmpty() {
        byte[] good = new SpsWriter(66, 0xC0, 30).size(40, 30).nal();
        assertTrue(SpsParser.parse(good).isPresent());
        byte[] pps = good.clone();
        pps[0] = 0x68;
        byte[] forbidden = good.clone();
        forbidden[0] |= (byte) 0x80;
        assertAllEmpty(
                Arrays.asList(
                        null,
                        new byte[0],
                        new byte[] {0x67},
                        pps,
                        forbidden,
                        new SpsWriter(66, 0, 30)
                                .size(2000, 30)
                                .nal(), // wider than any level allows
                        new SpsWriter(66, 0, 30)
                                .size(2, 2)
                                .crop(0, 16, 0, 0)
                                .nal(), // cropped to nothing
                        new SpsWriter(100, 0, 30)
                                .chroma(4, false)
                                .size(2, 2)
                                .nal())); // no such chroma format
    }

    private static void assertAllEmpty(List<byte[]> nals) {
        for (byte[] nal : nals) {
            assertEquals(
                    Optional.empty(),
                    SpsParser.parse(nal),
                    nal == null ? "null" : Arrays.toString(nal));
        }
    }

    /**
     * A cut SPS is rejected or, cut only inside the VUI that is not read, gives the same answer.
     */
    @ParameterizedTest
    @FieldSource("STREAMS")
    void truncatedAtEveryLength(H264Fixtures.Stream stream) {
        byte[] sps = firstSps(stream);
        Optional<SpsInfo> full = SpsParser.parse(sps);
        boolean parsedShorter = false;
        for (int n = 0; n < sps.length; n++) {
            Optional<SpsInfo> cut = SpsParser.parse(Arrays.copyOf(sps, n));
            if (cut.isPresent()) {
                assertEquals(full, cut, "cut to " + n + " bytes");
                parsedShorter = true;
            } else {
                assertFalse(parsedShorter, "a longer prefix than " + n + " bytes parsed");
            }
        }
        // the fields up to the cropping take a good part of the NAL unit; the VUI (always there)
        // the rest
        assertNotEquals(Optional.empty(), SpsParser.parse(Arrays.copyOf(sps, sps.length - 1)));
        assertEquals(Optional.empty(), SpsParser.parse(Arrays.copyOf(sps, 5)));
    }

    @Test
    void randomBytesAndBitFlipsNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            byte[] nal = new byte[1 + random.nextInt(48)];
            random.nextBytes(nal);
            nal[0] = 0x67;
            SpsParser.parse(nal)
                    .ifPresent(
                            info ->
                                    assertTrue(
                                            info.width() > 0
                                                    && info.height() > 0
                                                    && info.width() <= 16880));
        }
        List<byte[]> real = new ArrayList<>();
        STREAMS.forEach(s -> real.add(firstSps(s)));
        real.add(
                new SpsWriter(244, 0, 30)
                        .chroma(3, true)
                        .scalingLists(12)
                        .picOrderCntType1(5)
                        .size(20, 15)
                        .crop(1, 2, 3, 4)
                        .nal());
        for (byte[] sps : real) {
            for (int bit = 8; bit < sps.length * 8; bit++) {
                byte[] flipped = sps.clone();
                flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
                SpsParser.parse(flipped);
            }
        }
    }
}

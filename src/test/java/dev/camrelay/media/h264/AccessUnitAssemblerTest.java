package dev.camrelay.media.h264;

import static dev.camrelay.media.h264.H264Fixtures.BASELINE;
import static dev.camrelay.media.h264.H264Fixtures.END_OF_STREAM;
import static dev.camrelay.media.h264.H264Fixtures.SLICES;
import static dev.camrelay.media.h264.H264Fixtures.annexB;
import static dev.camrelay.media.h264.H264Fixtures.concat;
import static dev.camrelay.media.h264.H264Fixtures.count;
import static dev.camrelay.media.h264.H264Fixtures.type;
import static dev.camrelay.media.h264.H264Fixtures.vclCount;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The assembler on raw byte streams (no frame boundaries): splitting, grouping, garbage. */
class AccessUnitAssemblerTest {
    private static final List<H264Fixtures.Stream> STREAMS = H264Fixtures.ALL;

    @ParameterizedTest
    @FieldSource("STREAMS")
    void accessUnitsAreThePicturesFfprobeCounts(H264Fixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        Assembly run = new Assembly().feed(bytes);
        // a raw stream's last picture is complete only when something follows it
        assertEquals(stream.frames() - 1, run.units.size(), "pictures known complete");
        assertTrue(run.assembler.midAccessUnit());
        run.feed(END_OF_STREAM);
        List<List<byte[]>> nals = Assembly.nals(run.units);

        assertAll(
                () ->
                        assertEquals(
                                stream.frames(),
                                run.units.size(),
                                "access units == ffprobe nb_read_frames"),
                () ->
                        assertEquals(
                                stream.keyFrames(),
                                run.units.stream().filter(AccessUnit::idr).count(),
                                "IDR access units == key frames"),
                () -> assertFalse(run.assembler.midAccessUnit()),
                () -> assertEquals(0, run.assembler.garbageBytes()),
                () -> assertEquals(0, run.assembler.droppedAccessUnits()),
                () -> assertEquals(stream.width(), run.assembler.sps().orElseThrow().width()),
                () -> assertEquals(stream.height(), run.assembler.sps().orElseThrow().height()),
                () -> assertEquals(stream.levelIdc(), run.assembler.sps().orElseThrow().levelIdc()),
                () ->
                        assertEquals(
                                stream.codec(), run.assembler.sps().orElseThrow().codecString()));
        List<byte[]> first = nals.get(0);
        assertTrue(run.units.get(0).idr(), "the stream starts with an IDR picture");
        assertEquals(
                List.of(7, 8),
                first.stream().map(H264Fixtures::type).filter(t -> t == 7 || t == 8).toList(),
                "the first access unit carries SPS and PPS");
        for (int i = 0; i < nals.size(); i++) {
            List<byte[]> unit = nals.get(i);
            assertInOrder(unit, "access unit " + i);
            assertEquals(unit.size(), run.units.get(i).nalCount(), "nalCount of access unit " + i);
            assertEquals(
                    stream.slicesPerPicture(),
                    vclCount(unit),
                    "every slice of picture " + i + " and only those");
            assertEquals(
                    1,
                    unit.stream().filter(H264Fixtures::firstSlice).count(),
                    "one picture in access unit " + i);
            assertEquals(
                    run.units.get(i).idr(), count(unit, 5) > 0, "idr flag of access unit " + i);
        }
        // nothing lost, added or reordered: the access units are the input with 4-byte start codes
        List<byte[]> input = new ArrayList<>(H264Fixtures.nals(bytes));
        input.add(new byte[] {0x0B});
        assertArrayEquals(
                annexB(input), concat(run.units.stream().map(AccessUnit::annexB).toList()));
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void everySplitIntoTwoFeedsGivesTheSameAccessUnits(H264Fixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        List<AccessUnit> expected = Assembly.whole(bytes);
        List<String> problems =
                IntStream.rangeClosed(0, bytes.length)
                        .parallel()
                        .mapToObj(
                                cut -> {
                                    Assembly run =
                                            new Assembly()
                                                    .feed(bytes, 0, cut)
                                                    .feed(bytes, cut, bytes.length)
                                                    .feed(END_OF_STREAM);
                                    String difference = Assembly.difference(expected, run.units);
                                    return difference == null
                                            ? null
                                            : "cut at " + cut + ": " + difference;
                                })
                        .filter(p -> p != null)
                        .limit(5)
                        .toList();
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void oneByteAtATimeGivesTheSameAccessUnits(H264Fixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        Assembly run = new Assembly();
        for (int i = 0; i < bytes.length; i++) {
            run.feed(bytes, i, i + 1);
        }
        run.feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(bytes), run.units, "byte by byte");
    }

    @Test
    void threeByteStartCodesAndTrailingZerosComeOutAsFourByteStartCodes() {
        List<byte[]> nals = H264Fixtures.nals(SLICES.bytes());
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < nals.size(); i++) {
            pieces.add(i % 2 == 0 ? new byte[] {0, 0, 1} : new byte[] {0, 0, 0, 0, 0, 1});
            pieces.add(nals.get(i));
            pieces.add(new byte[i % 3]); // trailing_zero_8bits
        }
        Assembly run = new Assembly().feed(concat(pieces)).feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(SLICES.bytes()), run.units, "normalised");
        assertEquals(0, run.assembler.garbageBytes());
    }

    @Test
    void emptyNalUnitsAreIgnored() {
        byte[] bytes = BASELINE.bytes();
        Assembly run =
                new Assembly().feed(new byte[] {0, 0, 1, 0, 0, 1}).feed(bytes).feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(bytes), run.units, "with empty NAL units in front");
    }

    @Test
    void garbageBeforeTheFirstStartCodeIsCountedAndSkipped() {
        byte[] garbage = randomNonZero(1000, 1);
        byte[] bytes = BASELINE.bytes();
        Assembly run = new Assembly().feed(concat(garbage, bytes)).feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(bytes), run.units, "after garbage");
        assertEquals(garbage.length, run.assembler.garbageBytes());
    }

    @Test
    void zerosBeforeTheFirstStartCodeAreNotGarbage() {
        Assembly run =
                new Assembly()
                        .feed(new byte[] {0, 0, 0, 0, 0})
                        .feed(BASELINE.bytes())
                        .feed(END_OF_STREAM);
        assertEquals(BASELINE.frames(), run.units.size());
        assertEquals(0, run.assembler.garbageBytes());
    }

    @Test
    void garbageAfterAnEndOfStreamIsCountedAndTheNextStreamComesOut() {
        byte[] garbage = randomNonZero(777, 2);
        byte[] bytes = BASELINE.bytes();
        List<AccessUnit> once = Assembly.whole(bytes);
        Assembly run = new Assembly();
        // garbage with zeros in it, split over feeds at and between the zeros: counted the same
        run.feed(bytes)
                .feed(END_OF_STREAM)
                .feed(concat(Arrays.copyOf(garbage, 300), new byte[2]))
                .feed(new byte[1])
                .feed(garbage, 300, garbage.length);
        run.feed(bytes).feed(END_OF_STREAM);
        List<AccessUnit> twice = new ArrayList<>(once);
        twice.addAll(once);
        Assembly.assertSameUnits(twice, run.units, "both streams");
        assertEquals(garbage.length + 3, run.assembler.garbageBytes());
    }

    @Test
    void endOfSequenceCompletesThePictureAtOnce() {
        List<byte[]> nals = H264Fixtures.nals(BASELINE.bytes());
        Assembly run = new Assembly().feed(annexB(nals.subList(0, 5))); // SPS PPS SEI IDR P
        assertEquals(1, run.units.size(), "the IDR picture, complete when the P slice began");
        run.feed(new byte[] {0, 0, 1, 0x0A});
        assertEquals(2, run.units.size(), "end of sequence completes the P picture");
        assertEquals(
                List.of(1, 10),
                H264Fixtures.nals(run.units.get(1).annexB()).stream()
                        .map(H264Fixtures::type)
                        .toList());
        assertFalse(run.assembler.midAccessUnit());
    }

    @Test
    void aSliceCutToItsHeaderByteIsSkipped() {
        List<byte[]> nals = new ArrayList<>(H264Fixtures.nals(BASELINE.bytes()));
        nals.add(
                1,
                new byte[] {
                    0x65
                }); // after the SPS: it must not be taken for a picture, nor for an SPS
        Assembly run = new Assembly().feed(annexB(nals)).feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(BASELINE.bytes()), run.units, "without it");
        assertEquals(
                BASELINE.width(),
                run.assembler.sps().orElseThrow().width(),
                "the SPS is still the latest");
        assertEquals(1, run.assembler.garbageBytes());
    }

    /**
     * 7.4.1.2.3: AUD, SPS, PPS, SEI and types 14-18 come before the picture's first slice, never
     * after.
     */
    static void assertInOrder(List<byte[]> unit, String context) {
        int firstVcl = 0;
        while (firstVcl < unit.size() && vclCount(unit.subList(firstVcl, firstVcl + 1)) == 0) {
            firstVcl++;
        }
        for (byte[] nal : unit.subList(firstVcl, unit.size())) {
            int type = type(nal);
            assertFalse(
                    (type >= 6 && type <= 9) || (type >= 14 && type <= 18),
                    context + ": type " + type + " after a slice");
        }
    }

    @Test
    void aPrefixNalUnitAfterAPictureBeginsTheNextAccessUnit() {
        List<byte[]> nals = new ArrayList<>(H264Fixtures.nals(BASELINE.bytes()));
        nals.add(
                4,
                new byte[] {
                    0x0E, 0x40, 0x00, 0x01, (byte) 0x80
                }); // type 14, before the first P slice
        List<AccessUnit> units = new Assembly().feed(annexB(nals)).feed(END_OF_STREAM).units;
        assertEquals(
                List.of(14, 1),
                Assembly.nals(units).get(1).stream().map(H264Fixtures::type).toList());
    }

    static byte[] randomNonZero(int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (1 + random.nextInt(255));
        }
        return bytes;
    }
}

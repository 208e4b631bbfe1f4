package dev.camrelay.media.h264;

import static dev.camrelay.media.h264.H264Fixtures.BASELINE;
import static dev.camrelay.media.h264.H264Fixtures.END_OF_STREAM;
import static dev.camrelay.media.h264.H264Fixtures.SLICES;
import static dev.camrelay.media.h264.H264Fixtures.annexB;
import static dev.camrelay.media.h264.H264Fixtures.firstSlice;
import static dev.camrelay.media.h264.H264Fixtures.vclCount;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The assembler behind length framing: learning whether frame ends are picture ends. */
class FramedAssemblyTest {

    /**
     * Frames fed in two pieces cut at {@code cut} (or whole when it is past the end), as a reader
     * may.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 100})
    void oneWholePicturePerFrameBecomesAlignedAndThenEachComesOutAtItsFrameEnd(int cut) {
        List<AccessUnit> pictures = Assembly.pictures(SLICES.bytes());
        Assembly run = new Assembly();
        for (int k = 0; k < pictures.size(); k++) {
            byte[] frame = pictures.get(k).annexB();
            int at = Math.min(cut, frame.length);
            run.feed(frame, 0, at).feed(frame, at, frame.length);
            // evidence comes as frames 1, 2 and 3 begin with a new picture
            assertEquals(k >= 3, run.assembler.frameAligned(), "aligned during frame " + k);
            run.assembler.endOfFrame(run.units::add);
            assertEquals(k < 3 ? k : k + 1, run.units.size(), "pictures out after frame " + k);
        }
        Assembly.assertSameUnits(pictures, run.units, "every picture");
        assertEquals(0, run.assembler.alignmentViolations());
        assertFalse(run.assembler.midAccessUnit());
    }

    @Test
    void oneNalPerFrameWithSingleSlicePicturesBecomesAligned() {
        List<byte[]> nals = H264Fixtures.nals(BASELINE.bytes());
        Assembly run = new Assembly();
        int pictures = 0;
        for (byte[] nal : nals) {
            run.frame(annexB(List.of(nal)));
            if (firstSlice(nal)) {
                pictures++;
                if (run.assembler.frameAligned()) {
                    assertEquals(
                            pictures,
                            run.units.size(),
                            "picture " + pictures + " out at its frame end");
                }
            }
        }
        assertTrue(run.assembler.frameAligned());
        Assembly.assertSameUnits(Assembly.pictures(BASELINE.bytes()), run.units, "every picture");
        assertEquals(0, run.assembler.alignmentViolations());
    }

    @Test
    void oneNalPerFrameWithMultiSlicePicturesNeverEmitsPartOfAPicture() {
        Assembly run = new Assembly();
        for (byte[] nal : H264Fixtures.nals(SLICES.bytes())) {
            run.frame(annexB(List.of(nal)));
            run.units.forEach(
                    u ->
                            assertEquals(
                                    4,
                                    vclCount(H264Fixtures.nals(u.annexB())),
                                    "whole pictures only"));
        }
        run.frame(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(SLICES.bytes()), run.units, "every picture");
        assertAll(
                () -> assertFalse(run.assembler.frameAligned()),
                () ->
                        assertEquals(
                                1,
                                run.assembler.alignmentViolations(),
                                "the second slice shows it, once for good"),
                () -> assertEquals(0, run.assembler.droppedAccessUnits()));
    }

    @Test
    void aNalSplitAcrossFramesBeforeAlignmentIsJoinedAndAlignmentIsNeverLearnt() {
        List<AccessUnit> pictures = Assembly.pictures(BASELINE.bytes());
        byte[] first = pictures.get(0).annexB();
        Assembly run = new Assembly();
        run.frame(Arrays.copyOf(first, first.length - 100))
                .frame(Arrays.copyOfRange(first, first.length - 100, first.length));
        pictures.subList(1, pictures.size()).forEach(p -> run.frame(p.annexB()));
        run.frame(END_OF_STREAM);
        Assembly.assertSameUnits(
                Assembly.whole(BASELINE.bytes()), run.units, "every picture, whole");
        assertFalse(run.assembler.frameAligned());
        assertEquals(1, run.assembler.alignmentViolations());
    }

    /**
     * Aligned mode trusts frame ends: a NAL unit split across frames after that has already gone
     * out cut (the documented price), its rest is garbage, and the stream falls back to unknown
     * mode.
     */
    @Test
    void aNalSplitAcrossFramesAfterAlignmentEndsAlignment() {
        List<AccessUnit> pictures = Assembly.pictures(BASELINE.bytes());
        byte[] secondIdr = pictures.get(10).annexB();
        int cut = secondIdr.length - 100;
        while (secondIdr[cut - 1] == 0) {
            cut--; // a cut NAL unit loses its trailing zeros: keep the comparison simple
        }
        byte[] head = Arrays.copyOf(secondIdr, cut);
        byte[] rest = Arrays.copyOfRange(secondIdr, head.length, secondIdr.length);
        Assembly run = new Assembly();
        pictures.subList(0, 10).forEach(p -> run.frame(p.annexB()));
        assertTrue(run.assembler.frameAligned());
        run.frame(head).frame(rest);
        pictures.subList(11, pictures.size()).forEach(p -> run.frame(p.annexB()));
        run.frame(END_OF_STREAM);

        List<AccessUnit> whole = Assembly.whole(BASELINE.bytes());
        Assembly.assertSameUnits(whole.subList(0, 10), run.units.subList(0, 10), "pictures before");
        assertArrayEquals(head, run.units.get(10).annexB(), "the cut picture");
        Assembly.assertSameUnits(
                whole.subList(11, whole.size()),
                run.units.subList(11, run.units.size()),
                "pictures after");
        assertAll(
                () -> assertFalse(run.assembler.frameAligned()),
                () -> assertEquals(1, run.assembler.alignmentViolations()),
                () -> assertEquals(rest.length, run.assembler.garbageBytes()));
    }

    /**
     * After a slice cut at a frame end, the picture's later slices must not go out as a picture of
     * their own.
     */
    @Test
    void theSlicesAfterOneCutByAlignedModeAreSkipped() {
        List<AccessUnit> pictures = Assembly.pictures(SLICES.bytes());
        List<byte[]> fourth = H264Fixtures.nals(pictures.get(3).annexB());
        byte[] picture = pictures.get(3).annexB();
        int cut = annexB(fourth.subList(0, 1)).length + 4 + fourth.get(1).length / 2;
        while (picture[cut - 1] == 0) {
            cut--;
        }
        byte[] head = Arrays.copyOf(picture, cut);
        byte[] sliceRest = Arrays.copyOfRange(picture, cut, annexB(fourth.subList(0, 2)).length);
        Assembly run = new Assembly();
        pictures.subList(0, 3).forEach(p -> run.frame(p.annexB()));
        run.frame(head); // aligned by now: goes out at its end, second slice cut
        run.frame(Arrays.copyOfRange(picture, cut, picture.length));
        pictures.subList(4, pictures.size()).forEach(p -> run.frame(p.annexB()));
        run.frame(END_OF_STREAM);

        List<AccessUnit> whole = Assembly.whole(SLICES.bytes());
        Assembly.assertSameUnits(whole.subList(0, 3), run.units.subList(0, 3), "pictures before");
        assertArrayEquals(head, run.units.get(3).annexB(), "the cut picture");
        Assembly.assertSameUnits(
                whole.subList(4, whole.size()),
                run.units.subList(4, run.units.size()),
                "pictures after, and no third and fourth slices alone");
        assertAll(
                () -> assertFalse(run.assembler.frameAligned()),
                () -> assertEquals(1, run.assembler.alignmentViolations()),
                () -> assertEquals(sliceRest.length, run.assembler.garbageBytes()));
    }

    @Test
    void aGarbageFrameBetweenPicturesIsCountedAndEndsAlignment() {
        List<AccessUnit> pictures = Assembly.pictures(BASELINE.bytes());
        byte[] garbage = AccessUnitAssemblerTest.randomNonZero(500, 3);
        Assembly run = new Assembly();
        pictures.subList(0, 5).forEach(p -> run.frame(p.annexB()));
        assertTrue(run.assembler.frameAligned());
        run.frame(garbage);
        pictures.subList(5, pictures.size()).forEach(p -> run.frame(p.annexB()));
        run.frame(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(BASELINE.bytes()), run.units, "every picture");
        assertAll(
                () -> assertEquals(garbage.length, run.assembler.garbageBytes()),
                () -> assertEquals(1, run.assembler.alignmentViolations()),
                () -> assertEquals(0, run.assembler.droppedAccessUnits()),
                () -> assertFalse(run.assembler.frameAligned()));
    }

    /**
     * A sender learnt as aligned that starts sending one slice per frame: the first slice of that
     * picture has gone out at its frame end; the rest of the picture is dropped, not sent alone,
     * and every later picture is whole.
     */
    @Test
    void aFurtherSliceAfterAlignmentDropsTheRestOfThatPicture() {
        Assembly run = new Assembly();
        Assembly.pictures(BASELINE.bytes()).forEach(p -> run.frame(p.annexB()));
        assertTrue(run.assembler.frameAligned());
        H264Fixtures.nals(SLICES.bytes()).forEach(n -> run.frame(annexB(List.of(n))));
        run.frame(END_OF_STREAM);

        List<AccessUnit> slices = Assembly.whole(SLICES.bytes());
        List<AccessUnit> after = run.units.subList(BASELINE.frames(), run.units.size());
        assertEquals(
                List.of(7, 8, 6, 5),
                H264Fixtures.nals(after.get(0).annexB()).stream().map(H264Fixtures::type).toList(),
                "the picture's head went out before the second slice arrived");
        Assembly.assertSameUnits(
                slices.subList(1, slices.size()),
                after.subList(1, after.size()),
                "whole pictures after");
        assertAll(
                () -> assertEquals(1, run.assembler.droppedAccessUnits()),
                () -> assertEquals(1, run.assembler.alignmentViolations()),
                () -> assertFalse(run.assembler.frameAligned()));
    }

    /**
     * Filler data after a picture belongs to that picture's access unit: a sender whose frames
     * begin with it does not end its pictures at frame ends, though it never contradicts itself.
     */
    @Test
    void framesThatBeginWithTheLastPicturesFillerDataNeverBecomeAligned() {
        byte[] filler = {0, 0, 0, 1, 0x0C, (byte) 0xFF, (byte) 0x80};
        List<byte[]> frames =
                Assembly.pictures(BASELINE.bytes()).stream()
                        .map(p -> H264Fixtures.concat(filler, p.annexB()))
                        .toList();
        Assembly run = new Assembly();
        frames.forEach(run::frame);
        run.frame(END_OF_STREAM);
        assertFalse(run.assembler.frameAligned());
        assertEquals(0, run.assembler.alignmentViolations());
        Assembly.assertSameUnits(
                Assembly.whole(H264Fixtures.concat(frames)), run.units, "as a raw stream");
    }

    @Test
    void aStartCodeSplitAcrossFramesIsFoundAndIsCounterEvidence() {
        // each frame ends with the zeros of the next picture's start code: the next begins with its
        // 01
        byte[] stream =
                H264Fixtures.concat(
                        Assembly.pictures(BASELINE.bytes()).stream()
                                .map(AccessUnit::annexB)
                                .toList());
        Assembly run = new Assembly();
        int from = 0;
        for (AccessUnit picture : Assembly.pictures(BASELINE.bytes())) {
            int to = Math.min(stream.length, from + picture.annexB().length);
            run.frame(Arrays.copyOfRange(stream, from, to == stream.length ? to : to + 3));
            from = to == stream.length ? to : to + 3;
        }
        run.frame(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(BASELINE.bytes()), run.units, "every picture");
        assertFalse(run.assembler.frameAligned());
        assertEquals(1, run.assembler.alignmentViolations());
    }

    @Test
    void garbageFramesBeforeTheStreamAreNoCounterEvidence() {
        byte[] garbage = AccessUnitAssemblerTest.randomNonZero(100, 4);
        Assembly run = new Assembly().frame(garbage).frame(garbage);
        Assembly.pictures(BASELINE.bytes()).forEach(p -> run.frame(p.annexB()));
        assertTrue(run.assembler.frameAligned());
        assertEquals(0, run.assembler.alignmentViolations());
        assertEquals(200, run.assembler.garbageBytes());
        Assembly.assertSameUnits(Assembly.pictures(BASELINE.bytes()), run.units, "every picture");
    }

    @Test
    void withoutFrameEndsTheStreamIsNeverAligned() {
        Assembly run = new Assembly();
        for (AccessUnit picture : Assembly.pictures(BASELINE.bytes())) {
            run.feed(picture.annexB());
        }
        assertFalse(run.assembler.frameAligned());
        assertEquals(BASELINE.frames() - 1, run.units.size());
    }
}

package dev.camrelay.media;

import static dev.camrelay.media.Fixtures.bytes;
import static dev.camrelay.media.Fixtures.concat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JpegSplitterTest {
    private static final int MAX = 1 << 20;
    private static final byte[] MJPEG = Fixtures.load(Fixtures.MJPEG);
    private static final byte[] BARS = Fixtures.load(Fixtures.BARS);
    private static final byte[] PROGRESSIVE = Fixtures.load(Fixtures.PROGRESSIVE);
    private static final List<byte[]> SLICES = Fixtures.mjpegSlices();

    /** What one run of a splitter produced. */
    private record Result(List<byte[]> images, long garbage, long dropped, boolean inImage) {}

    /**
     * Feeds {@code input} cut at the given offsets, each piece from a reused scratch array that is
     * overwritten afterwards.
     */
    private static Result run(int maxFrameBytes, byte[] input, int... cuts) {
        JpegSplitter splitter = new JpegSplitter(maxFrameBytes);
        List<byte[]> out = new ArrayList<>();
        byte[] scratch = new byte[input.length + 16];
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = input.length;
        for (int end : ends) {
            int n = end - from;
            System.arraycopy(input, from, scratch, 7, n);
            splitter.feed(scratch, 7, n, out::add);
            // a reader reuses its buffer: stale references into it must not matter
            Arrays.fill(scratch, (byte) 0xD8);
            from = end;
        }
        return new Result(
                out, splitter.garbageBytes(), splitter.droppedImages(), splitter.inImage());
    }

    private static Result oneByteAtATime(int maxFrameBytes, byte[] input) {
        JpegSplitter splitter = new JpegSplitter(maxFrameBytes);
        List<byte[]> out = new ArrayList<>();
        byte[] one = new byte[1];
        for (byte b : input) {
            one[0] = b;
            splitter.feed(one, 0, 1, out::add);
        }
        return new Result(
                out, splitter.garbageBytes(), splitter.droppedImages(), splitter.inImage());
    }

    private static void assertImages(List<byte[]> expected, List<byte[]> actual, String context) {
        assertEquals(expected.size(), actual.size(), context + ": number of images");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), context + ": image " + i);
        }
    }

    /**
     * Splits {@code input} into two feeds at every offset 0..length and checks each run gives
     * {@code expected}. The runs are independent (a splitter and input copies of their own), so
     * they run in parallel; the first few differences are reported.
     */
    private static void assertSameAtEverySplit(int maxFrameBytes, byte[] input, Result expected) {
        List<String> problems =
                IntStream.rangeClosed(0, input.length)
                        .parallel()
                        .mapToObj(cut -> differences(expected, run(maxFrameBytes, input, cut), cut))
                        .filter(p -> p != null)
                        .limit(10)
                        .toList();
        assertEquals(List.of(), problems);
    }

    private static String differences(Result expected, Result r, int cut) {
        if (r.images().size() != expected.images().size()
                || r.garbage() != expected.garbage()
                || r.dropped() != expected.dropped()
                || r.inImage() != expected.inImage()) {
            return "split at "
                    + cut
                    + ": "
                    + r.images().size()
                    + " images, garbage "
                    + r.garbage()
                    + ", dropped "
                    + r.dropped()
                    + ", inImage "
                    + r.inImage()
                    + "; expected "
                    + expected.images().size()
                    + ", "
                    + expected.garbage()
                    + ", "
                    + expected.dropped()
                    + ", "
                    + expected.inImage();
        }
        for (int i = 0; i < expected.images().size(); i++) {
            if (!Arrays.equals(expected.images().get(i), r.images().get(i))) {
                return "split at " + cut + ": image " + i + " differs";
            }
        }
        return null;
    }

    @Test
    void fixtureSlicesAreTheEightImages() {
        assertEquals(8, SLICES.size());
        assertArrayEquals(
                MJPEG,
                concat(SLICES.toArray(byte[][]::new)),
                "the slices concatenate to the fixture");
        for (byte[] slice : SLICES) {
            assertEquals(0xFF, slice[0] & 0xFF);
            assertEquals(0xD8, slice[1] & 0xFF);
            Fixtures.assertDecodesAs(160, 120, slice);
        }
    }

    @Test
    void wholeMjpegFixtureYieldsItsEightJpegs() {
        Result r = run(MAX, MJPEG);
        assertImages(SLICES, r.images(), "fed whole");
        assertEquals(0, r.garbage());
        assertEquals(0, r.dropped());
        assertFalse(r.inImage());
        for (byte[] image : r.images()) {
            Fixtures.assertDecodesAs(160, 120, image);
        }
    }

    @Test
    void mjpegFixtureSplitAtEveryOffsetYieldsTheSameJpegs() {
        assertSameAtEverySplit(MAX, MJPEG, new Result(SLICES, 0, 0, false));
    }

    @Test
    void mjpegFixtureFedOneByteAtATimeYieldsTheSameJpegs() {
        Result r = oneByteAtATime(MAX, MJPEG);
        assertImages(SLICES, r.images(), "one byte at a time");
        assertEquals(0, r.garbage());
        assertEquals(0, r.dropped());
    }

    @Test
    void mjpegFixtureInThreeUnevenPiecesYieldsTheSameJpegs() {
        // cuts inside the first image's headers, its entropy data and right between FF and D9 of
        // the 4th EOI
        int eoi4 = 20612;
        assertEquals(0xD9, MJPEG[eoi4 + 1] & 0xFF);
        Result r = run(MAX, MJPEG, 3, 700, eoi4 + 1);
        assertImages(SLICES, r.images(), "three pieces");
    }

    @Test
    void inImageIsTrueOnlyWhilePartOfAnImageIsBuffered() {
        JpegSplitter splitter = new JpegSplitter(MAX);
        List<byte[]> out = new ArrayList<>();
        byte[] first = SLICES.get(0);
        assertFalse(splitter.inImage());
        splitter.feed(first, 0, 100, out::add);
        assertTrue(splitter.inImage());
        splitter.feed(first, 100, first.length - 100, out::add);
        assertFalse(splitter.inImage());
        assertEquals(1, out.size());
    }

    @Test
    void progressiveJpegWithRestartMarkersComesOutWhole() {
        Result r = run(MAX, PROGRESSIVE);
        assertImages(List.of(PROGRESSIVE), r.images(), "progressive");
        Fixtures.assertDecodesAs(160, 120, r.images().get(0));
        assertSameAtEverySplit(MAX, PROGRESSIVE, new Result(List.of(PROGRESSIVE), 0, 0, false));
        assertImages(
                List.of(PROGRESSIVE),
                oneByteAtATime(MAX, PROGRESSIVE).images(),
                "one byte at a time");
    }

    @Test
    void progressiveBetweenBaselineImagesKeepsEveryImage() {
        byte[] input = concat(SLICES.get(0), PROGRESSIVE, BARS);
        List<byte[]> expected = List.of(SLICES.get(0), PROGRESSIVE, BARS);
        assertSameAtEverySplit(MAX, input, new Result(expected, 0, 0, false));
    }

    @Test
    void exifThumbnailDoesNotEndTheImage() {
        byte[] withThumb = Fixtures.withExifThumbnail(SLICES.get(0), BARS);
        Fixtures.assertDecodesAs(160, 120, withThumb);
        Result r = run(MAX, withThumb);
        assertImages(List.of(withThumb), r.images(), "exif");
        assertEquals(0, r.garbage());
        assertEquals(0, r.dropped());
        assertSameAtEverySplit(MAX, withThumb, new Result(List.of(withThumb), 0, 0, false));
        assertImages(
                List.of(withThumb), oneByteAtATime(MAX, withThumb).images(), "one byte at a time");
    }

    @Test
    void exifImagesBackToBackAreNeverSplitAtTheThumbnail() {
        byte[] a = Fixtures.withExifThumbnail(SLICES.get(0), BARS);
        byte[] b = Fixtures.withExifThumbnail(SLICES.get(1), PROGRESSIVE);
        List<byte[]> expected = List.of(a, b);
        assertSameAtEverySplit(MAX, concat(a, b), new Result(expected, 0, 0, false));
    }

    @Test
    void garbageBeforeBetweenAndAfterImagesIsSkippedAndCountedExactly() {
        byte[] before = "junk!".getBytes(StandardCharsets.US_ASCII); // 5
        byte[] between =
                bytes(
                        0x00, 0xFF, 0x41, 0x0D, 0x0A,
                        0xFF); // 6: a lone FF, FF 41, and an FF right before the SOI's FF D8
        byte[] between2 = bytes(0xFF, 0x00, 0xFF, 0xFF); // 4: FF 00, then FF FF before the SOI
        byte[] after = "tail".getBytes(StandardCharsets.US_ASCII); // 4
        byte[] input = concat(before, SLICES.get(0), between, BARS, between2, SLICES.get(1), after);
        Result expected =
                new Result(List.of(SLICES.get(0), BARS, SLICES.get(1)), 5 + 6 + 4 + 4, 0, false);

        Result whole = run(MAX, input);
        assertImages(expected.images(), whole.images(), "whole");
        assertEquals(expected.garbage(), whole.garbage(), "garbage bytes");
        assertEquals(0, whole.dropped());
        assertSameAtEverySplit(MAX, input, expected);
        Result bytewise = oneByteAtATime(MAX, input);
        assertImages(expected.images(), bytewise.images(), "one byte at a time");
        assertEquals(expected.garbage(), bytewise.garbage(), "garbage bytes, one byte at a time");
    }

    @Test
    void onlyGarbageYieldsNothing() {
        byte[] junk = new byte[5000];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31);
        }
        // (i * 31) & 0xFF == 0xFF is followed by (i + 1) * 31, never 0xD8 here
        Result r = run(MAX, junk, 1234);
        assertEquals(0, r.images().size());
        assertEquals(junk.length, r.garbage());
        assertEquals(0, r.dropped());
        assertFalse(r.inImage());
    }

    @Test
    void falseSoiIsDroppedAndTheNextImageStillComesOut() {
        // FF D8 then a byte that cannot start a marker: a broken image, counted as dropped; the 00
        // is garbage
        byte[] input = concat(bytes(0xFF, 0xD8, 0x00), SLICES.get(0));
        Result r = run(MAX, input);
        assertImages(List.of(SLICES.get(0)), r.images(), "after false SOI");
        assertEquals(1, r.dropped());
        assertEquals(1, r.garbage());
        assertSameAtEverySplit(MAX, input, new Result(List.of(SLICES.get(0)), 1, 1, false));
    }

    @Test
    void imageLargerThanMaxIsDroppedAndTheFollowingImageComesOut() {
        byte[] big = SLICES.get(0); // 5166 bytes
        int max = 4000;
        byte[] input = concat(BARS, big, BARS, SLICES.get(1), PROGRESSIVE);
        Result r = run(max, input);
        // the second testsrc image is as big as the first: dropped too
        assertImages(List.of(BARS, BARS, PROGRESSIVE), r.images(), "oversize dropped");
        assertEquals(2, r.dropped(), "dropped images");
        assertFalse(r.inImage());
        for (int cut = 0; cut <= input.length; cut += 7) {
            Result split = run(max, input, cut);
            assertImages(List.of(BARS, BARS, PROGRESSIVE), split.images(), "split at " + cut);
            assertEquals(2, split.dropped(), "dropped images, split at " + cut);
        }
        Result bytewise = oneByteAtATime(max, input);
        assertImages(List.of(BARS, BARS, PROGRESSIVE), bytewise.images(), "one byte at a time");
        assertEquals(2, bytewise.dropped());
    }

    @Test
    void imageOfExactlyMaxBytesIsKept() {
        Result r = run(BARS.length, BARS);
        assertImages(List.of(BARS), r.images(), "exactly max");
        assertEquals(0, r.dropped());
    }

    @ParameterizedTest(name = "max = image length - {0}")
    @ValueSource(ints = {1, 2, 3, 100})
    void imageOverMaxIsDropped(int under) {
        int max = BARS.length - under;
        Result whole = run(max, BARS);
        Result bytewise = oneByteAtATime(max, BARS);
        assertAll(
                () ->
                        assertEquals(
                                0,
                                whole.images().size(),
                                "a "
                                        + BARS.length
                                        + "-byte image must not come out with max "
                                        + max),
                () -> assertEquals(1, whole.dropped(), "dropped images with max " + max),
                () ->
                        assertEquals(
                                0,
                                bytewise.images().size(),
                                "one byte at a time: no "
                                        + BARS.length
                                        + "-byte image with max "
                                        + max),
                () ->
                        assertEquals(
                                1,
                                bytewise.dropped(),
                                "one byte at a time: dropped images with max " + max));
    }

    @Test
    void oversizeImageIsDroppedWholeEvenWithAThumbnailInside() {
        // an APP2 segment of padding before the EXIF APP1: the limit trips before the thumbnail
        // starts
        byte[] main = Fixtures.withExifThumbnail(SLICES.get(0), BARS);
        int padding = 5000;
        byte[] app2 =
                concat(
                        bytes(0xFF, 0xE2, (padding + 2) >> 8, (padding + 2) & 0xFF),
                        new byte[padding]);
        byte[] oversize = concat(bytes(0xFF, 0xD8), app2, Arrays.copyOfRange(main, 2, main.length));
        int max = 4000;
        byte[] input = concat(oversize, PROGRESSIVE); // 3959 bytes, under the limit
        Result r = run(max, input);
        assertEquals(1, r.dropped(), "the oversize image is dropped");
        assertImages(
                List.of(PROGRESSIVE),
                r.images(),
                "only the following image: the dropped image's embedded thumbnail ("
                        + BARS.length
                        + " bytes) must not come out as a frame");
    }

    @Test
    void truncatedImageInEntropyDataIsDroppedAndTheNextImageComesOutWhole() {
        byte[] a = SLICES.get(0);
        int sos = sosEnd(a);
        for (int cut = sos + 1; cut < a.length - 1; cut += 13) {
            byte[] input = concat(Arrays.copyOf(a, cut), SLICES.get(1), BARS);
            Result r = run(MAX, input);
            assertImages(List.of(SLICES.get(1), BARS), r.images(), "A cut at " + cut);
            assertEquals(1, r.dropped(), "A cut at " + cut + " is counted as dropped");
        }
    }

    /**
     * Documents what a cut anywhere in an image does to what follows. Segment lengths are believed
     * (they must be, or an EXIF thumbnail would end its image), so a cut inside a header segment
     * makes the splitter skip the rest of that segment's length into the next image: then either
     * the cut head and the whole next image come out as ONE image (the head's junk header segment
     * swallows the next SOI; the next image's own segments and picture follow complete), or, when
     * the cut falls right after a marker code, the next image's FF D8 is read as a 65494-byte
     * segment length and up to 64 KiB of following input is lost. A cut in entropy-coded data is
     * clean: the next SOI drops the cut image (counted) and everything after comes out whole. What
     * never comes out is part of a picture: every emitted image is a whole input image, possibly
     * behind the cut head (which then may not decode, see below).
     */
    @Test
    void truncatedImageNeverComesOutAsPartOfAPicture() {
        byte[] a = SLICES.get(0);
        List<byte[]> inputs = List.of(SLICES.get(1), BARS, SLICES.get(2));
        List<String> problems = new ArrayList<>();
        int merged = 0;
        for (int cut = 1; cut < a.length - 1; cut++) {
            byte[] head = Arrays.copyOf(a, cut);
            byte[] input = concat(head, SLICES.get(1), BARS, SLICES.get(2));
            Result r = run(MAX, input);
            for (byte[] image : r.images()) {
                boolean whole = inputs.stream().anyMatch(w -> Arrays.equals(w, image));
                boolean headPlusWhole =
                        inputs.stream().anyMatch(w -> Arrays.equals(concat(head, w), image));
                if (headPlusWhole) {
                    // Not asserted: such a merged image decodes when the cut fell in APP0/COM/DQT
                    // (cuts 18, 36, 69, ...) but not when it fell inside the DHT, SOF or SOS header
                    // (cuts 194, 318, 323-333: "Bogus Huffman table", "two SOF markers", ...).
                    merged++;
                }
                if (!whole && !headPlusWhole) {
                    problems.add(
                            "cut "
                                    + cut
                                    + ": emitted a "
                                    + image.length
                                    + "-byte image that is part of a picture");
                }
            }
            if (cut >= sosEnd(a) && r.images().size() != 3) {
                problems.add(
                        "cut "
                                + cut
                                + " in entropy data: "
                                + r.images().size()
                                + " images, expected the 3 whole ones");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(merged > 0, "documented: some header cuts come out merged with the next image");
    }

    @Test
    void newSoiInsideAnImageDropsTheOldOneAndCountsIt() {
        byte[] a = SLICES.get(0);
        int sos = sosEnd(a);
        byte[] input = concat(Arrays.copyOf(a, sos + 500), SLICES.get(1));
        Result r = run(MAX, input);
        assertImages(List.of(SLICES.get(1)), r.images(), "restart at a new SOI");
        assertEquals(1, r.dropped());
        assertEquals(0, r.garbage());
        assertSameAtEverySplit(MAX, input, new Result(List.of(SLICES.get(1)), 0, 1, false));
    }

    @Test
    void partialImageAtTheEndStaysBufferedAndIsNotEmitted() {
        byte[] a = SLICES.get(0);
        Result r = run(MAX, concat(SLICES.get(1), Arrays.copyOf(a, a.length - 1)));
        assertImages(List.of(SLICES.get(1)), r.images(), "partial tail");
        assertTrue(r.inImage(), "the partial image is still buffered");
    }

    /** Offset just after the (first) SOS segment header of a baseline JPEG. */
    private static int sosEnd(byte[] jpeg) {
        int i = 2;
        while (true) {
            int code = jpeg[i + 1] & 0xFF;
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (code == 0xDA) {
                return i + 2 + length;
            }
            i += 2 + length;
        }
    }
}

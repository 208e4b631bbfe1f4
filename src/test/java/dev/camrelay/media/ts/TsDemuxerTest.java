package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.TsFixtures.SIZE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The demuxer on the ffmpeg fixtures, clean, whole and split every way. */
class TsDemuxerTest {
    private static final List<TsFixtures.Stream> MPEG1 = TsFixtures.MPEG1;
    private static final List<TsFixtures.Stream> ALL = TsFixtures.ALL;

    @ParameterizedTest
    @FieldSource("ALL")
    void theNaiveReadingAgreesWithFfprobe(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        TsFixtures.Reference reference = TsFixtures.Reference.of(bytes);
        assertAll(
                () -> assertEquals(stream.packets(), TsFixtures.packets(bytes).size(), "packets"),
                () ->
                        assertEquals(
                                stream.pictures(),
                                reference.frames().size(),
                                "one video PES packet per picture"),
                () ->
                        assertEquals(
                                stream.sequenceHeaders(),
                                TsFixtures.count(bytes, TsFixtures.SEQUENCE_HEADER),
                                "sequence headers in the file"),
                // ffmpeg's mpeg1video writes a sequence header at each GOP start, that is on each I
                // picture
                () ->
                        assertEquals(
                                stream.sequenceHeaders() > 0 ? stream.keyFrames() : 0,
                                stream.sequenceHeaders()),
                () ->
                        assertEquals(
                                stream.sequenceHeaders(),
                                reference.frames().stream().filter(Demux.Out::keyframe).count(),
                                "each in the first packet of a picture"),
                () ->
                        assertEquals(
                                3,
                                reference.leadingPackets(),
                                "SDT, PAT and PMT before the first picture"));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void framesAreThePicturesWithTablesInFrontOfKeyframes(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        TsFixtures.Reference reference = TsFixtures.Reference.of(bytes);
        Demux run = new Demux().feed(bytes);

        // the last picture is complete at its stuffed packet, else when the next one begins
        Demux.assertSameFrames(reference.complete(), run.frames, "pictures known complete");
        assertEquals(reference.openAtEnd(), run.demuxer.midFrame());
        run.feed(Demux.nextPicture(bytes));
        Demux.assertSameFrames(reference.frames(), run.frames, "every picture");
        assertAll(
                () ->
                        assertEquals(
                                stream.pictures(),
                                run.frames.size(),
                                "frames == ffprobe's video frames"),
                () ->
                        assertEquals(
                                stream.sequenceHeaders(),
                                run.frames.stream().filter(Demux.Out::keyframe).count(),
                                "keyframes == I pictures with a sequence header"),
                () -> assertEquals(0, run.demuxer.garbageBytes()),
                () -> assertEquals(0, run.demuxer.droppedFrames()),
                () ->
                        assertEquals(
                                stream.sequenceHeaders() > 0,
                                run.frames.get(0).keyframe(),
                                "starts at a keyframe"));

        List<byte[]> packets = TsFixtures.packets(bytes);
        byte[] pat = packets.get(1);
        byte[] pmt = packets.get(2);
        assertEquals(0, TsFixtures.pid(pat));
        ByteArrayOutputStream withoutCopies = new ByteArrayOutputStream();
        withoutCopies.writeBytes(Arrays.copyOf(bytes, reference.leadingPackets() * SIZE));
        for (Demux.Out frame : run.frames) {
            byte[] p = frame.packets();
            assertEquals(0, p.length % SIZE, "whole packets");
            for (int at = 0; at < p.length; at += SIZE) {
                assertEquals(0x47, p[at] & 0xFF, "sync byte at " + at);
            }
            int copies = 0;
            if (frame.keyframe()) {
                assertEquals(
                        0,
                        TsFixtures.pid(Arrays.copyOfRange(p, 0, SIZE)),
                        "a keyframe starts with the PAT");
                assertEquals(
                        TsFixtures.pid(pmt),
                        TsFixtures.pid(Arrays.copyOfRange(p, SIZE, 2 * SIZE)),
                        "then the PMT");
                copies = 2 * SIZE;
            }
            int first = copies;
            while (!TsFixtures.videoPesStart(Arrays.copyOfRange(p, first, first + SIZE))) {
                assertTrue(
                        TsFixtures.pid(Arrays.copyOfRange(p, first, first + SIZE)) != 0x100,
                        "then packets of other PIDs that followed the picture before");
                first += SIZE;
            }
            withoutCopies.write(p, copies, p.length - copies);
        }
        // nothing lost, added or reordered: the leading packets plus the frames without copies are
        // the file, but for the packets after its last picture, which lead the next one
        int trailing = reference.trailingPackets() * SIZE;
        assertArrayEquals(
                Arrays.copyOf(bytes, bytes.length - trailing), withoutCopies.toByteArray());
        assertTrue(run.demuxer.midFrame(), "the packet fed after the file begins a frame");
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everySplitIntoTwoFeedsGivesTheSameFrames(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        byte[] next = Demux.nextPicture(bytes);
        List<Demux.Out> expected = Demux.whole(bytes);
        Demux.assertNoProblems(
                IntStream.rangeClosed(0, bytes.length),
                cut ->
                        Demux.difference(
                                "cut at " + cut,
                                expected,
                                new Demux()
                                        .feed(bytes, 0, cut)
                                        .feed(bytes, cut, bytes.length)
                                        .feed(next)
                                        .frames));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void oneByteAtATimeGivesTheSameFrames(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        Demux run = new Demux();
        int emitted = 0;
        for (int i = 0; i < bytes.length; i++) {
            run.feed(bytes, i, i + 1);
            boolean packetEnd = (i + 1) % SIZE == 0;
            if (!packetEnd && run.frames.size() > emitted) {
                throw new AssertionError(
                        "a frame came out " + ((i + 1) % SIZE) + " bytes into a packet");
            }
            emitted = run.frames.size();
        }
        run.feed(Demux.nextPicture(bytes));
        Demux.assertSameFrames(Demux.whole(bytes), run.frames, "byte by byte");
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void aPictureComesOutAsSoonAsThePacketThatCompletesItIsWhole(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        TsFixtures.Reference reference = TsFixtures.Reference.of(bytes);
        List<Integer> completing = reference.completingPackets();
        List<Integer> firsts = reference.firstPackets();
        long late =
                IntStream.range(0, completing.size())
                        .filter(
                                k ->
                                        k + 1 < firsts.size()
                                                && completing.get(k).equals(firsts.get(k + 1)))
                        .count();
        assertTrue(late <= 4, "all but the first few complete at their stuffed packet: " + late);
        Demux run = new Demux();
        int fed = 0;
        for (int k = 0; k < completing.size(); k++) {
            int packet = completing.get(k);
            if (k > 0 && packet == completing.get(k - 1)) {
                continue; // a one-packet picture that completes the one before it as well
            }
            long done = completing.stream().filter(c -> c <= packet).count();
            int end = (packet + 1) * SIZE;
            run.feed(bytes, fed, end - 1);
            assertEquals(k, run.frames.size(), "picture " + k + " waits for packet " + packet);
            run.feed(bytes, end - 1, end);
            assertEquals(done, run.frames.size(), "picture " + k + " is out");
            fed = end;
        }
        run.feed(bytes, fed, bytes.length).feed(Demux.nextPicture(bytes));
        Demux.assertSameFrames(Demux.whole(bytes), run.frames, "fed picture by picture");
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void randomSplitsGiveTheSameFrames(TsFixtures.Stream stream) {
        byte[] bytes = stream.bytes();
        List<Demux.Out> expected = Demux.whole(bytes);
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Demux run = new Demux();
            int at = 0;
            while (at < bytes.length) {
                int to = Math.min(bytes.length, at + random.nextInt(round % 2 == 0 ? 400 : 5000));
                run.feed(bytes, at, to);
                at = to;
            }
            run.feed(Demux.nextPicture(bytes));
            Demux.assertSameFrames(expected, run.frames, "round " + round);
        }
    }

    @Test
    void aLargeFrameArrivingInManyInputsComesOutWholeAndSmallOnesAfterIt() {
        byte[] bytes = TsFixtures.VIDEO.bytes();
        TsFixtures.Reference reference = TsFixtures.Reference.of(bytes);
        int at = (reference.firstPackets().get(1) - 1) * SIZE;
        byte[] nulls = new byte[8000 * SIZE]; // 1.5 MB of null packets in the first frame
        for (int i = 0; i < nulls.length; i += SIZE) {
            nulls[i] = 0x47;
            nulls[i + 1] = 0x1F;
            nulls[i + 2] = (byte) 0xFF;
            nulls[i + 3] = 0x10;
        }
        byte[] stream =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(bytes, at),
                                nulls,
                                Arrays.copyOfRange(bytes, at, bytes.length),
                                Demux.nextPicture(bytes)));
        Demux run = new Demux();
        for (int from = 0; from < stream.length; from += 65536) {
            run.feed(stream, from, Math.min(stream.length, from + 65536));
        }
        byte[] first = reference.frames().get(0).packets();
        byte[] grown =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(first, first.length - SIZE),
                                nulls,
                                Arrays.copyOfRange(first, first.length - SIZE, first.length)));
        assertArrayEquals(grown, run.frames.get(0).packets());
        Demux.assertSameFrames(
                reference.frames().subList(1, reference.frames().size()),
                run.frames.subList(1, run.frames.size()),
                "the frames after it");
    }

    @Test
    void h264PicturesAreNeverKeyframes() {
        List<Demux.Out> frames = Demux.whole(TsFixtures.H264.bytes());
        assertEquals(TsFixtures.H264.pictures(), frames.size());
        assertFalse(frames.stream().anyMatch(Demux.Out::keyframe));
    }

    @Test
    void aLimitTooSmallForTheTablesAndAPacketIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TsDemuxer(3 * SIZE - 1));
        new TsDemuxer(3 * SIZE);
    }
}

package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.TsFixtures.SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Garbage, limits and what is buffered. */
class TsDemuxerLossTest {
    private static final byte[] AV = TsFixtures.AV.bytes();
    private static final TsFixtures.Reference AV_FRAMES = TsFixtures.Reference.of(AV);
    private static final byte[] NEXT = Demux.nextPicture(AV);

    @Test
    void garbageBeforeTheStreamIsSkippedAndCounted() {
        byte[] garbage = garbage(1000, 1, false);
        Demux run = new Demux().feed(garbage).feed(AV).feed(NEXT);
        Demux.assertSameFrames(AV_FRAMES.frames(), run.frames, "after garbage");
        assertEquals(garbage.length, run.demuxer.garbageBytes());
        assertEquals(0, run.demuxer.droppedFrames());
    }

    @Test
    void loneSyncBytesInGarbageDoNotFoolTheSearch() {
        byte[] garbage = garbage(1000, 2, true);
        Demux run = new Demux().feed(garbage).feed(AV).feed(NEXT);
        Demux.assertSameFrames(AV_FRAMES.frames(), run.frames, "after garbage");
        assertEquals(garbage.length, run.demuxer.garbageBytes());
    }

    /**
     * Garbage put into the stream before a packet ({@code offset} 0) or inside it costs the packet
     * it cuts short, or the one before it, which is skipped with the garbage, and the frame holding
     * that packet. When the packet that begins a picture is cut in its PES header, the frame that
     * held the packet before it is dropped as the loser of the packet, and the picture is not
     * recognised at all: here both are frame 10, whose lead holds that packet.
     *
     * @param frame the frame where the garbage goes: 10 is a one-packet P picture, -1 the first
     *     frame with 3 packets or more
     * @param packet which of its packets
     * @param offset where in that packet
     * @param lost the frames lost to the garbage; -1 for the one where the garbage goes. The P
     *     pictures after them do not come out either, up to the next keyframe
     */
    @ParameterizedTest(name = "frame {0}, packet {1}, offset {2}")
    @CsvSource({
        // frame 9 is a one-packet picture, complete at its stuffed packet; the audio packets after
        // it lead frame 10
        "10, 0, 0, 10", // between two frames: the last audio packet of frame 10's lead is skipped
        "10, 0, 100, 10", // in the first packet of frame 10, after its PES header
        "10, 0, 10, 10", // in that packet's PES header: its lead is dropped, the picture unknown
        "-1, 2, 0, -1", // between two packets of a frame
        "-1, 1, 50, -1", // inside a packet in the middle of a frame
    })
    void garbageInTheStreamCostsTheFrameItCuts(int frame, int packet, int offset, String lost) {
        int k =
                frame >= 0
                        ? frame
                        : IntStream.range(1, AV_FRAMES.frames().size())
                                .filter(
                                        i ->
                                                AV_FRAMES.firstPackets().get(i + 1)
                                                                - AV_FRAMES.firstPackets().get(i)
                                                        >= 3)
                                .findFirst()
                                .orElseThrow();
        int at = (AV_FRAMES.firstPackets().get(k) + packet) * SIZE + offset;
        byte[] garbage = garbage(300, at, false);
        byte[] stream =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(AV, at),
                                garbage,
                                Arrays.copyOfRange(AV, at, AV.length),
                                NEXT));
        Set<Integer> missing =
                lost.equals("-1")
                        ? Set.of(k)
                        : Arrays.stream(lost.split(" "))
                                .map(Integer::valueOf)
                                .collect(Collectors.toSet());

        Demux run = new Demux().feed(stream);

        List<Demux.Out> expected = Demux.afterLoss(AV_FRAMES.frames(), missing);
        Demux.assertSameFrames(
                expected,
                run.frames,
                "all frames but " + missing + " and the P pictures after them");
        assertTrue(
                expected.size() < AV_FRAMES.frames().size() - missing.size(),
                "P pictures follow the loss");
        assertEquals(
                garbage.length + SIZE,
                run.demuxer.garbageBytes(),
                "the garbage and the packet it cost");
        assertEquals(1, run.demuxer.droppedFrames());
        // and the same split anywhere
        List<Demux.Out> whole = run.frames;
        for (int cut = at - SIZE - 1; cut < at + garbage.length + 2 * SIZE; cut += 7) {
            Demux split = new Demux().feed(stream, 0, cut).feed(stream, cut, stream.length);
            Demux.assertSameFrames(whole, split.frames, "cut at " + cut);
        }
    }

    /**
     * A raw camera sends 260 packets of ffmpeg's stream, 50 garbage bytes, then the rest: no P
     * picture after the hole comes out before the next I picture, which may refer to the one lost.
     */
    @Test
    void afterAHoleNothingComesOutUntilTheNextIPicture() {
        byte[] ts = Messages.demoClip();
        int at = 260 * SIZE;
        byte[] stream =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(ts, at),
                                garbage(50, 5, false),
                                Arrays.copyOfRange(ts, at, ts.length),
                                Demux.nextPicture(ts)));
        TsFixtures.Reference clean = TsFixtures.Reference.of(ts);
        int lost = clean.firstPackets().size() - 1;
        while (clean.firstPackets().get(lost) > 259) {
            lost--; // the picture that holds packet 259, which the garbage cuts short
        }
        int nextKey = lost + 1;
        while (!clean.frames().get(nextKey).keyframe()) {
            nextKey++;
        }
        assertTrue(nextKey > lost + 1, "P pictures follow the hole in this clip");

        Demux run = new Demux().feed(stream);

        List<Demux.Out> expected = new ArrayList<>(clean.frames().subList(0, lost));
        expected.addAll(clean.frames().subList(nextKey, clean.frames().size()));
        Demux.assertSameFrames(
                expected, run.frames, "up to the hole, then from I picture " + nextKey);
        assertEquals(1, run.demuxer.droppedFrames(), "the picture cut short");
        assertEquals(nextKey - lost - 1, run.demuxer.skippedFrames(), "the P pictures after it");
    }

    /** H.264 in TS has no keyframe this demuxer knows: a loss costs only the picture it cuts. */
    @Test
    void aStreamWithoutKeyframesIsNotHeldBack() {
        byte[] ts = TsFixtures.H264.bytes();
        TsFixtures.Reference clean = TsFixtures.Reference.of(ts);
        int k = 3; // a one-packet picture, and the next one begins right after it
        int at = (clean.firstPackets().get(k) + 1) * SIZE;
        assertEquals(at, clean.firstPackets().get(k + 1) * SIZE);
        byte[] stream =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(ts, at),
                                garbage(50, 6, false),
                                Arrays.copyOfRange(ts, at, ts.length),
                                Demux.nextPicture(ts)));

        Demux run = new Demux().feed(stream);

        List<Demux.Out> expected = new ArrayList<>(clean.frames());
        expected.remove(k);
        Demux.assertSameFrames(expected, run.frames, "all but picture " + k);
        assertEquals(0, run.demuxer.skippedFrames());
    }

    @Test
    void framesOverTheLimitAreDroppedWholeAndTheOthersComeOut() {
        List<Demux.Out> frames = AV_FRAMES.frames();
        int largest = frames.stream().mapToInt(f -> f.packets().length).max().orElseThrow();
        Demux exact = new Demux(largest).feed(AV).feed(NEXT);
        Demux.assertSameFrames(frames, exact.frames, "every frame fits a limit of the largest");
        assertEquals(0, exact.demuxer.droppedFrames());

        Demux under = new Demux(largest - 1).feed(AV).feed(NEXT);
        Set<Integer> over =
                IntStream.range(0, frames.size())
                        .filter(i -> frames.get(i).packets().length == largest)
                        .boxed()
                        .collect(Collectors.toSet());
        List<Demux.Out> expected = Demux.afterLoss(frames, over);
        Demux.assertSameFrames(
                expected, under.frames, "all but the largest and the P pictures after it");
        assertEquals(over.size(), under.demuxer.droppedFrames());
        assertEquals(0, under.demuxer.garbageBytes());
    }

    @Test
    void aPictureGrownPastTheLimitIsDroppedAndTheNextKeyframeComesOut() {
        List<Demux.Out> frames = AV_FRAMES.frames();
        int limit = frames.stream().mapToInt(f -> f.packets().length).max().orElseThrow();
        int k = 8;
        assertFalse(frames.get(k).keyframe());
        assertEquals(AV_FRAMES.completingPackets().get(k), AV_FRAMES.firstPackets().get(k) + 1);
        // null packets belong to the frame they come in, and make picture 8 too long
        byte[] nulls = new byte[(limit / SIZE) * SIZE];
        for (int at = 0; at < nulls.length; at += SIZE) {
            nulls[at] = 0x47;
            nulls[at + 1] = 0x1F;
            nulls[at + 2] = (byte) 0xFF;
            nulls[at + 3] = 0x10;
        }
        int at = (AV_FRAMES.firstPackets().get(k) + 1) * SIZE;
        byte[] stream =
                TsFixtures.concat(
                        List.of(
                                Arrays.copyOf(AV, at),
                                nulls,
                                Arrays.copyOfRange(AV, at, AV.length),
                                NEXT));

        Demux run = new Demux(limit).feed(stream);

        List<Demux.Out> expected = Demux.afterLoss(frames, Set.of(k));
        Demux.assertSameFrames(
                expected, run.frames, "all but picture 8 and the P pictures after it");
        assertEquals(1, run.demuxer.droppedFrames());
        assertEquals(frames.size() - 1 - expected.size(), run.demuxer.skippedFrames());
        assertEquals(0, run.demuxer.garbageBytes());
        assertTrue(
                run.frames.subList(k, run.frames.size()).stream().anyMatch(Demux.Out::keyframe),
                "the next keyframe");
    }

    @Test
    void midFrameIsTrueOnceAPictureHasBegunUntilItIsDropped() {
        int first = AV_FRAMES.firstPackets().get(0) * SIZE;
        Demux run = new Demux();
        assertFalse(run.demuxer.midFrame(), "fresh");
        run.feed(AV, 0, first + 1);
        assertFalse(run.demuxer.midFrame(), "the tables before the first picture are no frame");
        run.feed(AV, first + 1, first + SIZE);
        assertTrue(run.demuxer.midFrame(), "the first packet of a picture, not yet checked");
        run.feed(AV, first + SIZE, AV.length);
        assertTrue(run.demuxer.midFrame(), "the last picture waits for the next one");
        run.feed(garbage(400, 3, false));
        assertFalse(run.demuxer.midFrame(), "dropped when sync is lost");
        assertEquals(1, run.demuxer.droppedFrames());

        Demux small = new Demux(3 * SIZE).feed(AV, 0, first + 10 * SIZE);
        assertFalse(small.demuxer.midFrame(), "the first picture is over the limit, and dropped");
        assertEquals(1, small.demuxer.droppedFrames());
    }

    @Test
    void aPictureWhoseFirstPacketEndsTheInputCompletesTheOneBefore() {
        int k = 15; // an I picture of 20 packets
        int end = (AV_FRAMES.firstPackets().get(k) + 1) * SIZE;
        Demux run = new Demux().feed(AV, 0, end);
        Demux.assertSameFrames(AV_FRAMES.frames().subList(0, k), run.frames, "frames 0-14");
        assertTrue(run.demuxer.midFrame());
        run.feed(garbage(400, 4, false));
        assertEquals(
                1,
                run.demuxer.droppedFrames(),
                "picture 15, whose first packet proved to be followed by garbage");
        assertEquals(400 + SIZE, run.demuxer.garbageBytes());
    }

    /**
     * The residual case of taking a picture's last packet at the end of an input: when the byte
     * after it proves not to be a sync byte, the picture has gone out. Such a sender is not trusted
     * with that again: later pictures wait for the packet after their last.
     */
    @Test
    void aStuffedLastPacketAtTheEndOfAnInputIsTakenUntilASyncLoss() {
        int k = 10; // a one-packet picture, after the stuffing is learnt
        int end = (AV_FRAMES.firstPackets().get(k) + 1) * SIZE;
        assertEquals(AV_FRAMES.completingPackets().get(k), AV_FRAMES.firstPackets().get(k));
        Demux run = new Demux().feed(AV, 0, end);
        Demux.assertSameFrames(AV_FRAMES.frames().subList(0, k + 1), run.frames, "frames 0-10");
        assertFalse(run.demuxer.midFrame());
        run.feed(garbage(400, 4, false));
        assertEquals(0, run.demuxer.droppedFrames(), "picture 10 went out before the garbage");
        assertEquals(400, run.demuxer.garbageBytes());

        // the P pictures after the loss are passed over; the I picture 15 comes next
        int first = AV_FRAMES.firstPackets().get(15);
        int last = AV_FRAMES.completingPackets().get(15);
        run.feed(AV, first * SIZE, (last + 1) * SIZE);
        assertEquals(k + 1, run.frames.size(), "picture 15 waits for the byte after it");
        run.feed(AV, (last + 1) * SIZE, (last + 1) * SIZE + 1);
        assertEquals(k + 2, run.frames.size(), "picture 15, confirmed");
        Demux.Out frame = run.frames.get(k + 1);
        assertTrue(frame.keyframe());
        byte[] picture = Arrays.copyOfRange(AV, first * SIZE, (last + 1) * SIZE);
        assertArrayEquals(
                picture,
                Arrays.copyOfRange(
                        frame.packets(),
                        frame.packets().length - picture.length,
                        frame.packets().length),
                "picture 15, whole");
    }

    /**
     * Random bytes without the sync byte 0x47, or with it only at every hundredth byte (never 188
     * apart).
     */
    static byte[] garbage(int length, long seed, boolean loneSyncBytes) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = random.nextInt(255);
            bytes[i] = (byte) (b >= 0x47 ? b + 1 : b);
            if (loneSyncBytes && i % 100 == 0) {
                bytes[i] = 0x47;
            }
        }
        return bytes;
    }
}

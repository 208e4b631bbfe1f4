package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.TsFixtures.SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Length-framed senders whose messages do not end where pictures end, from the start or after a
 * while: the frames are those of the raw stream, and no part of a picture goes out on its own.
 */
class TsUnalignedMessagesTest {
    static final List<TsAlignedMessagesTest.Clip> CLIPS = TsAlignedMessagesTest.CLIPS;

    /** The fixtures small enough to be split at every byte. */
    static final List<TsAlignedMessagesTest.Clip> SMALL = CLIPS.subList(0, 3);

    /** Messages of any size up to two packets and a byte, and of whole packets up to ten. */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void messagesOfAFixedSizeGiveTheRawFrames(TsAlignedMessagesTest.Clip clip) {
        byte[] ts = clip.bytes();
        List<Demux.Out> expected = Demux.whole(ts);
        IntStream sizes =
                IntStream.concat(
                        IntStream.rangeClosed(1, 2 * SIZE + 1),
                        IntStream.rangeClosed(1, 10).map(n -> n * SIZE));
        Demux.assertNoProblems(
                sizes,
                size ->
                        settledWith(
                                "messages of " + size + " bytes",
                                expected,
                                Messages.ofSize(ts, size),
                                ts));
    }

    @ParameterizedTest
    @FieldSource("SMALL")
    void everySplitIntoTwoMessagesGivesTheRawFrames(TsAlignedMessagesTest.Clip clip) {
        byte[] ts = clip.bytes();
        List<Demux.Out> expected = Demux.whole(ts);
        Demux.assertNoProblems(
                IntStream.range(1, ts.length),
                cut ->
                        Demux.difference(
                                "cut at " + cut,
                                expected,
                                Messages.sendNextPicture(
                                                Messages.send(ts, Messages.between(ts, cut)), ts)
                                        .frames));
    }

    /**
     * One picture per message until the sender is aligned, then a picture's message cut in two
     * inside a packet, at every such offset: the cut shows at the end of the first part, before
     * anything goes out, so that picture comes out whole when the next one begins, and from there
     * on as from a raw stream.
     */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void aMessageEndingInsideAPacketAfterAlignmentEmitsNoPartOfAPicture(
            TsAlignedMessagesTest.Clip clip) {
        byte[] ts = clip.bytes();
        List<Messages.Range> messages = Messages.perPicture(ts);
        int m = laterPictureOfPackets(ts, 3);
        Messages.Range cut = messages.get(m);
        List<Demux.Out> expected = Demux.whole(ts);
        IntStream offsets =
                IntStream.range(1, cut.to() - cut.from()).filter(offset -> offset % SIZE != 0);
        Demux.assertNoProblems(
                offsets,
                offset ->
                        settledWith(
                                "cut " + offset + " into picture " + m,
                                expected,
                                Messages.split(messages, m, offset),
                                ts));
    }

    /**
     * Sends {@code messages}, then the stream's first picture: null when the raw frames came out
     * and the sender was found unaligned.
     */
    private static String settledWith(
            String context, List<Demux.Out> expected, List<Messages.Range> messages, byte[] ts) {
        Demux run = Messages.sendNextPicture(Messages.send(ts, messages), ts);
        boolean settled = !run.demuxer.messagesAligned() && run.demuxer.messagesUnaligned();
        String difference = Demux.difference(context, expected, run.frames);
        return difference != null || settled ? difference : context + ": not found unaligned";
    }

    /**
     * The limit of what a message end can show: an unbounded video PES packet (PES_packet_length 0,
     * as ffmpeg writes video) gives no sign at its message end that the picture goes on. Cut at a
     * packet boundary after alignment, the first part has gone out by the time the next message
     * shows the cut; the rest of that picture is dropped, never sent as a picture of its own, and
     * the pictures after it are passed over up to the next keyframe, which comes out whole.
     */
    @Test
    void aPacketBoundaryCutOfAnUnboundedPictureAfterAlignmentCostsTheRestOfIt() {
        byte[] ts = Messages.demoClip();
        List<Messages.Range> messages = Messages.perPicture(ts);
        int m = laterPictureOfPackets(ts, 3);
        List<Demux.Out> whole = Demux.whole(ts);
        assertFalse(whole.get(m).keyframe());
        for (int packets = 1; packets < 3; packets++) {
            Demux run =
                    Messages.sendNextPicture(
                            Messages.send(ts, Messages.split(messages, m, packets * SIZE)), ts);
            List<Demux.Out> expected = new ArrayList<>(whole.subList(0, m));
            expected.add(
                    new Demux.Out(Arrays.copyOf(whole.get(m).packets(), packets * SIZE), false));
            List<Demux.Out> afterTheCut = Demux.afterLoss(whole, Set.of(m));
            expected.addAll(afterTheCut.subList(m, afterTheCut.size()));
            Demux.assertSameFrames(
                    expected,
                    run.frames,
                    packets + " packets of picture " + m + " in their own message");
            assertEquals(1, run.demuxer.droppedFrames(), "the rest of picture " + m);
            assertTrue(run.demuxer.messagesUnaligned());
        }
    }

    /**
     * The first picture after the first five of at least {@code packets} video packets, not a
     * keyframe.
     */
    private static int laterPictureOfPackets(byte[] ts, int packets) {
        List<byte[]> all = TsFixtures.packets(ts);
        List<Integer> firsts = TsFixtures.Reference.of(ts).firstPackets();
        List<Demux.Out> frames = TsFixtures.Reference.of(ts).frames();
        int videoPid = TsFixtures.pid(all.get(firsts.get(0)));
        return IntStream.range(5, firsts.size() - 1)
                .filter(k -> !frames.get(k).keyframe())
                .filter(
                        k ->
                                all.subList(firsts.get(k), firsts.get(k) + packets).stream()
                                        .allMatch(p -> TsFixtures.pid(p) == videoPid))
                .findFirst()
                .orElseThrow();
    }
}

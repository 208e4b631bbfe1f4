package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.TsFixtures.SIZE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * A length-framed sender whose messages end where pictures end: learnt, then each picture goes out
 * at its message end.
 */
class TsAlignedMessagesTest {
    /** A stream to send, named for the test report. */
    record Clip(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Clip> CLIPS =
            List.of(
                    new Clip(TsFixtures.AV.file(), TsFixtures.AV.bytes()),
                    new Clip(TsFixtures.VIDEO.file(), TsFixtures.VIDEO.bytes()),
                    new Clip(TsFixtures.H264.file(), TsFixtures.H264.bytes()),
                    new Clip(Messages.DEMO_CLIP, Messages.demoClip()));

    /**
     * Evidence comes as messages 1, 2 and 3 begin with a picture; from message 3 on, each picture
     * is out before the next message arrives, and the frames are those of the raw stream, byte for
     * byte. Each message is fed in two pieces, cut at every offset up to two packets and a byte.
     */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void onePicturePerMessageComesOutAtItsMessageEndOnceLearnt(Clip clip) {
        byte[] ts = clip.bytes();
        List<Messages.Range> messages = Messages.perPicture(ts);
        List<Demux.Out> expected = Demux.whole(ts);
        Demux.assertNoProblems(
                IntStream.rangeClosed(0, 2 * SIZE + 1), cut -> check(ts, messages, cut, expected));
    }

    private static String check(
            byte[] ts, List<Messages.Range> messages, int cut, List<Demux.Out> expected) {
        List<Integer> completing = TsFixtures.Reference.of(ts).completingPackets();
        Demux run = new Demux();
        for (int k = 0; k < messages.size(); k++) {
            Messages.Range m = messages.get(k);
            int at = m.from() + Math.min(cut, m.to() - m.from());
            run.feed(ts, m.from(), at).message(ts, at, m.to());
            int out = k < 3 ? k : k + 1;
            // a picture out at its stuffed packet leaves what follows it in the message as a lead
            boolean lead = k < completing.size() && (completing.get(k) + 1) * SIZE < m.to();
            if (run.frames.size() != out
                    || run.demuxer.midFrame() != (k < 3 || lead)
                    || run.demuxer.messagesAligned() != k >= 3) {
                return "cut "
                        + cut
                        + ": "
                        + run.frames.size()
                        + " frames out after message "
                        + k
                        + ", mid-frame "
                        + run.demuxer.midFrame()
                        + ", aligned "
                        + run.demuxer.messagesAligned();
            }
        }
        String difference = Demux.difference("cut " + cut, expected, run.frames);
        if (difference != null) {
            return difference;
        }
        boolean clean =
                !run.demuxer.messagesUnaligned()
                        && run.demuxer.droppedFrames() == 0
                        && run.demuxer.garbageBytes() == 0;
        return clean ? null : "cut " + cut + ": found unaligned, or drops or garbage";
    }

    /**
     * Tables and audio that an encoder writes before a picture begin its message here: they prove
     * nothing either way, and once the picture before has gone out they lead the next frame, after
     * its PAT and PMT copies if it is a keyframe. Nothing is lost, added or reordered, and the
     * keyframes and their copies are those of the raw stream.
     */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void packetsOfOtherPidsBeforeAPictureMayBeginItsMessage(Clip clip) {
        byte[] ts = clip.bytes();
        List<Messages.Range> messages = Messages.perPictureTablesFirst(ts);
        assertTrue(
                Messages.perPicture(ts).size() == messages.size()
                        && !Messages.perPicture(ts).equals(messages),
                "some pictures have packets of other PIDs in front");
        Demux run = new Demux();
        for (int k = 0; k < messages.size(); k++) {
            run.message(ts, messages.get(k).from(), messages.get(k).to());
            assertEquals(k < 3 ? k : k + 1, run.frames.size(), "frames out after message " + k);
        }
        List<Demux.Out> raw = Demux.whole(ts);
        assertEquals(raw.size(), run.frames.size());
        ByteArrayOutputStream withoutCopies = new ByteArrayOutputStream();
        for (int k = 0; k < raw.size(); k++) {
            Demux.Out frame = run.frames.get(k);
            assertEquals(raw.get(k).keyframe(), frame.keyframe(), "keyframe " + k);
            int copies = frame.keyframe() ? 2 * SIZE : 0;
            assertArrayEquals(
                    Arrays.copyOf(raw.get(k).packets(), copies),
                    Arrays.copyOf(frame.packets(), copies),
                    "copies " + k);
            withoutCopies.write(frame.packets(), copies, frame.packets().length - copies);
        }
        TsFixtures.Reference reference = TsFixtures.Reference.of(ts);
        int first = reference.leadingPackets() * SIZE;
        // packets after the last picture's stuffed packet lead a next picture
        int trailing = reference.trailingPackets() * SIZE;
        assertArrayEquals(
                Arrays.copyOfRange(ts, first, ts.length - trailing),
                withoutCopies.toByteArray(),
                "the stream from the first picture on");
        assertAll(
                () -> assertTrue(run.demuxer.messagesAligned()),
                () -> assertFalse(run.demuxer.messagesUnaligned()),
                () -> assertEquals(0, run.demuxer.droppedFrames()),
                () -> assertEquals(trailing > 0, run.demuxer.midFrame()));
    }

    /**
     * Two pictures per message prove nothing (a sender cutting chunks of a size could do that by
     * chance): each picture comes out when the next begins, as from a raw stream.
     */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void severalPicturesInAMessageAreNoEvidence(Clip clip) {
        byte[] ts = clip.bytes();
        List<Integer> firsts = TsFixtures.Reference.of(ts).firstPackets();
        int[] cuts =
                IntStream.range(1, firsts.size())
                        .filter(k -> k % 2 == 0)
                        .map(k -> firsts.get(k) * SIZE)
                        .toArray();
        Demux run = Messages.sendNextPicture(Messages.send(ts, Messages.between(ts, cuts)), ts);
        Demux.assertSameFrames(Demux.whole(ts), run.frames, "every picture");
        assertFalse(run.demuxer.messagesAligned());
        assertFalse(run.demuxer.messagesUnaligned());
    }
}

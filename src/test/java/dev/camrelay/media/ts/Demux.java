package dev.camrelay.media.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** A demuxer under test, the frames it has emitted, and ways to feed it as a connection would. */
final class Demux {
    static final int MAX_BYTES = 8 << 20;

    /** One emitted frame. */
    record Out(byte[] packets, boolean keyframe) {
        @Override
        public String toString() {
            return packets.length + " bytes" + (keyframe ? ", keyframe" : "");
        }
    }

    final TsDemuxer demuxer;
    final List<Out> frames = new ArrayList<>();

    Demux() {
        this(MAX_BYTES);
    }

    Demux(int maxBytes) {
        demuxer = new TsDemuxer(maxBytes);
    }

    /**
     * Feeds {@code bytes[from, to)} from the middle of a scratch array that is overwritten with
     * sync bytes afterwards, as a connection reusing its read buffer would: the demuxer must keep
     * no reference into it.
     */
    Demux feed(byte[] bytes, int from, int to) {
        byte[] scratch = new byte[to - from + 10];
        System.arraycopy(bytes, from, scratch, 5, to - from);
        demuxer.feed(scratch, 5, to - from, this::collect);
        Arrays.fill(scratch, (byte) 0x47);
        return this;
    }

    /** Feeds {@code bytes[from, to)} as one length-framed message: the bytes, then the end mark. */
    Demux message(byte[] bytes, int from, int to) {
        feed(bytes, from, to);
        demuxer.endOfMessage(this::collect);
        return this;
    }

    Demux message(byte[] bytes) {
        return message(bytes, 0, bytes.length);
    }

    private void collect(byte[] packets, boolean keyframe) {
        frames.add(new Out(packets, keyframe));
    }

    Demux feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * The first packet of the file's first picture: fed after the file, it completes the file's
     * last picture, as the next picture of a live stream would.
     */
    static byte[] nextPicture(byte[] ts) {
        TsFixtures.Reference reference = TsFixtures.Reference.of(ts);
        int at = reference.firstPackets().get(0) * TsFixtures.SIZE;
        return Arrays.copyOfRange(ts, at, at + TsFixtures.SIZE);
    }

    /** The file fed whole, then {@link #nextPicture} so that its last picture comes out too. */
    static List<Out> whole(byte[] ts) {
        return new Demux().feed(ts).feed(nextPicture(ts)).frames;
    }

    /**
     * What a viewer should get of {@code frames} when those at {@code lost} are lost: the others,
     * except that after a loss every frame is passed over until a keyframe.
     */
    static List<Out> afterLoss(List<Out> frames, Set<Integer> lost) {
        List<Out> kept = new ArrayList<>();
        boolean awaiting = false;
        for (int i = 0; i < frames.size(); i++) {
            Out f = frames.get(i);
            if (lost.contains(i)) {
                awaiting = true;
            } else if (!awaiting || f.keyframe()) {
                awaiting = false;
                kept.add(f);
            }
        }
        return kept;
    }

    /**
     * Checks every case, in parallel: {@code check} says what went wrong in one, or null. Fails
     * with the first few problems.
     */
    static void assertNoProblems(IntStream cases, IntFunction<String> check) {
        List<String> problems =
                cases.parallel().mapToObj(check).filter(Objects::nonNull).limit(5).toList();
        assertEquals(List.of(), problems);
    }

    /** Null when both lists hold the same frames, else {@code context} and the first difference. */
    static String difference(String context, List<Out> expected, List<Out> actual) {
        String difference = difference(expected, actual);
        return difference == null ? null : context + ": " + difference;
    }

    static void assertSameFrames(List<Out> expected, List<Out> actual, String context) {
        assertEquals(null, difference(expected, actual), context);
    }

    /** Null when both lists hold the same frames (bytes and flags), else the first difference. */
    static String difference(List<Out> expected, List<Out> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Out e = expected.get(i);
            Out a = actual.get(i);
            if (!Arrays.equals(e.packets(), a.packets()) || e.keyframe() != a.keyframe()) {
                return "frame " + i + " differs: expected " + e + ", got " + a;
            }
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " frames, got " + actual.size();
        }
        return null;
    }
}

package dev.camrelay.media.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An assembler under test, what it has emitted, and ways to feed it as a connection would. */
final class Assembly {
    static final int MAX_BYTES = 8 << 20;
    static final int MAX_NALS = 1024;

    final AccessUnitAssembler assembler;
    final List<AccessUnit> units = new ArrayList<>();

    Assembly() {
        this(MAX_BYTES, MAX_NALS);
    }

    Assembly(int maxBytes, int maxNals) {
        assembler = new AccessUnitAssembler(maxBytes, maxNals);
    }

    /**
     * Feeds {@code bytes} from the middle of a scratch array that is overwritten afterwards, as a
     * connection reusing its read buffer would: the assembler must keep no reference into it.
     */
    Assembly feed(byte[] bytes, int from, int to) {
        byte[] scratch = new byte[to - from + 10];
        System.arraycopy(bytes, from, scratch, 5, to - from);
        assembler.feed(scratch, 5, to - from, units::add);
        Arrays.fill(scratch, (byte) 0);
        return this;
    }

    Assembly feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** One length-framed frame. */
    Assembly frame(byte[] bytes) {
        feed(bytes);
        assembler.endOfFrame(units::add);
        return this;
    }

    /**
     * The stream fed whole, then an end-of-stream NAL unit so that the last picture comes out too.
     */
    static List<AccessUnit> whole(byte[] stream) {
        return new Assembly().feed(stream).feed(H264Fixtures.END_OF_STREAM).units;
    }

    /**
     * The stream's pictures, as {@link #whole} finds them but without the end-of-stream NAL unit.
     */
    static List<AccessUnit> pictures(byte[] stream) {
        List<AccessUnit> units = new ArrayList<>(whole(stream));
        AccessUnit last = units.remove(units.size() - 1);
        byte[] withoutEnd =
                Arrays.copyOf(
                        last.annexB(), last.annexB().length - H264Fixtures.END_OF_STREAM.length);
        units.add(new AccessUnit(withoutEnd, last.idr(), last.nalCount() - 1));
        return units;
    }

    /** Each access unit's NAL units. */
    static List<List<byte[]>> nals(List<AccessUnit> units) {
        return units.stream().map(u -> H264Fixtures.nals(u.annexB())).toList();
    }

    static void assertSameUnits(
            List<AccessUnit> expected, List<AccessUnit> actual, String context) {
        String difference = difference(expected, actual);
        assertEquals(null, difference, context);
    }

    /**
     * Null when both lists hold the same access units (bytes and flags), else the first difference.
     */
    static String difference(List<AccessUnit> expected, List<AccessUnit> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            AccessUnit e = expected.get(i);
            AccessUnit a = actual.get(i);
            if (!Arrays.equals(e.annexB(), a.annexB())
                    || e.idr() != a.idr()
                    || e.nalCount() != a.nalCount()) {
                return "access unit "
                        + i
                        + " differs: expected "
                        + describe(e)
                        + ", got "
                        + describe(a);
            }
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " access units, got " + actual.size();
        }
        return null;
    }

    private static String describe(AccessUnit unit) {
        return unit.annexB().length
                + " bytes, idr "
                + unit.idr()
                + ", "
                + unit.nalCount()
                + " NAL units "
                + H264Fixtures.nals(unit.annexB()).stream()
                        .map(n -> String.valueOf(H264Fixtures.type(n)))
                        .toList();
    }
}

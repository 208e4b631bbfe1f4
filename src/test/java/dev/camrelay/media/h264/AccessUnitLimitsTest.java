package dev.camrelay.media.h264;

import static dev.camrelay.media.h264.H264Fixtures.BASELINE;
import static dev.camrelay.media.h264.H264Fixtures.END_OF_STREAM;
import static dev.camrelay.media.h264.H264Fixtures.SLICES;
import static dev.camrelay.media.h264.H264Fixtures.annexB;
import static dev.camrelay.media.h264.H264Fixtures.firstSlice;
import static dev.camrelay.media.h264.H264Fixtures.type;
import static dev.camrelay.media.h264.H264Fixtures.vclCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The assembler's limits, and the SPS and PPS it puts into IDR access units that lack them. */
class AccessUnitLimitsTest {
    @Test
    void anAccessUnitOverTheByteLimitIsDroppedWholeAndTheNextOnesComeOut() {
        byte[] bytes = BASELINE.bytes();
        List<AccessUnit> expected = new ArrayList<>(Assembly.whole(bytes));
        int limit = expected.stream().mapToInt(u -> u.annexB().length).max().orElseThrow() + 100;
        // filler data (type 12) that makes the fourth picture too large
        byte[] filler = new byte[limit];
        Arrays.fill(filler, (byte) 0xFF);
        filler[0] = 0x0C;
        filler[filler.length - 1] = (byte) 0x80;
        List<byte[]> nals = new ArrayList<>(H264Fixtures.nals(bytes));
        int fourthPicture = 3 + 3; // SPS PPS SEI IDR P P [P]
        assertTrue(firstSlice(nals.get(fourthPicture)) && type(nals.get(fourthPicture)) == 1);
        nals.add(fourthPicture + 1, filler);

        Assembly run =
                new Assembly(limit, Assembly.MAX_NALS).feed(annexB(nals)).feed(END_OF_STREAM);

        expected.remove(3);
        Assembly.assertSameUnits(expected, run.units, "all but the fourth picture");
        assertEquals(1, run.assembler.droppedAccessUnits());
        assertTrue(run.units.get(9).idr(), "the second GOP's IDR picture comes out");
    }

    @Test
    void headerOnlyNalUnitsCannotGrowAnAccessUnitPastTheLimit() {
        byte[] bytes = BASELINE.bytes();
        int limit =
                Assembly.whole(bytes).stream().mapToInt(u -> u.annexB().length).max().orElseThrow()
                        + 100;
        List<byte[]> tiny = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            tiny.add(new byte[] {0x0C}); // filler data cut to its header byte
        }
        Assembly run =
                new Assembly(limit, Integer.MAX_VALUE)
                        .feed(annexB(tiny))
                        .feed(bytes)
                        .feed(END_OF_STREAM);
        Assembly.assertSameUnits(Assembly.whole(bytes), run.units, "the pictures after");
        assertEquals(1, run.assembler.droppedAccessUnits());
    }

    @Test
    void anAccessUnitOverTheNalLimitIsDroppedWhole() {
        // the first IDR access unit is SPS PPS SEI + 4 slices = 7 NAL units; the second has no SEI
        List<AccessUnit> expected = new ArrayList<>(Assembly.whole(SLICES.bytes()));
        Assembly run = new Assembly(Assembly.MAX_BYTES, 6).feed(SLICES.bytes()).feed(END_OF_STREAM);
        Assembly.assertSameUnits(
                expected.subList(1, expected.size()), run.units, "all but the first picture");
        assertEquals(1, run.assembler.droppedAccessUnits());
        assertEquals(6, run.units.get(4).nalCount());
    }

    @Test
    void theLatestSpsAndPpsArePutIntoAnIdrAccessUnitThatLacksThem() {
        List<byte[]> nals = H264Fixtures.nals(BASELINE.bytes());
        List<AccessUnit> expected = Assembly.whole(BASELINE.bytes());
        List<byte[]> stripped = withoutSecondGopHeaders(nals, true);

        List<AccessUnit> units = new Assembly().feed(annexB(stripped)).feed(END_OF_STREAM).units;

        Assembly.assertSameUnits(expected, units, "SPS and PPS put back in, in their place");
        assertEquals(3, units.get(10).nalCount());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theMissingParameterSetsGoAfterAnAccessUnitDelimiterAndAnSps(boolean spsMissing) {
        List<byte[]> nals =
                withoutSecondGopHeaders(H264Fixtures.nals(BASELINE.bytes()), spsMissing);
        List<byte[]> delimited = new ArrayList<>();
        for (int i = 0; i < nals.size(); i++) {
            byte[] nal = nals.get(i);
            if (type(nal) == 7 || (firstSlice(nal) && vclCount(nals.subList(i - 1, i)) == 1)) {
                delimited.add(new byte[] {0x09, (byte) 0xF0}); // at the start of each access unit
            }
            delimited.add(nal);
        }
        List<AccessUnit> units = new Assembly().feed(annexB(delimited)).feed(END_OF_STREAM).units;

        assertEquals(BASELINE.frames(), units.size());
        assertEquals(
                List.of(9, 7, 8, 5),
                Assembly.nals(units).get(10).stream().map(H264Fixtures::type).toList());
        assertEquals(4, units.get(10).nalCount());
    }

    @Test
    void anIdrAccessUnitComesOutAsItIsWhenNoParameterSetsWereEverSeen() {
        List<byte[]> nals = H264Fixtures.nals(BASELINE.bytes());
        List<byte[]> secondGop =
                nals.subList(lastOfType(nals, 7), nals.size()).stream()
                        .filter(n -> type(n) != 7 && type(n) != 8)
                        .toList();
        Assembly run = new Assembly().feed(annexB(secondGop)).feed(END_OF_STREAM);
        assertEquals(10, run.units.size());
        assertEquals(
                List.of(5),
                H264Fixtures.nals(run.units.get(0).annexB()).stream()
                        .map(H264Fixtures::type)
                        .toList());
        assertTrue(run.assembler.sps().isEmpty());
    }

    @Test
    void theParameterSetsPutInAreTheLatestSeen() {
        List<byte[]> high = H264Fixtures.nals(H264Fixtures.HIGH.bytes());
        byte[] idr = annexB(high.subList(3, 4));
        Assembly run =
                new Assembly()
                        .feed(BASELINE.bytes())
                        .feed(H264Fixtures.HIGH.bytes())
                        .feed(idr)
                        .feed(END_OF_STREAM);
        assertEquals(1920, run.assembler.sps().orElseThrow().width());
        List<byte[]> last = Assembly.nals(run.units).get(run.units.size() - 1);
        assertArrayEquals(high.get(0), last.get(0), "the High SPS");
        assertArrayEquals(high.get(1), last.get(1), "the High PPS");
    }

    /** The NAL units without the second IDR's PPS, and its SPS too if {@code sps}. */
    private static List<byte[]> withoutSecondGopHeaders(List<byte[]> nals, boolean sps) {
        List<byte[]> stripped = new ArrayList<>(nals);
        int secondPps = lastOfType(nals, 8);
        assertTrue(
                secondPps > 3
                        && type(stripped.get(secondPps - 1)) == 7
                        && type(stripped.get(secondPps + 1)) == 5);
        stripped.remove(secondPps);
        if (sps) {
            stripped.remove(secondPps - 1);
        }
        return stripped;
    }

    private static int lastOfType(List<byte[]> nals, int type) {
        int last = -1;
        for (int i = 0; i < nals.size(); i++) {
            if (type(nals.get(i)) == type) {
                last = i;
            }
        }
        return last;
    }
}

package dev.camrelay.media.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Damaged input, cut anywhere, with frame ends anywhere: nothing throws, and only pictures come
 * out.
 */
class AssemblerFuzzTest {
    private static final byte[] STREAM =
            H264Fixtures.concat(H264Fixtures.SLICES.bytes(), H264Fixtures.BASELINE.bytes());
    private static final List<AccessUnit> PICTURES = Assembly.pictures(STREAM);

    @RepeatedTest(300)
    void damagedInputGivesOnlyWellFormedAccessUnits(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        byte[] input = damage(STREAM, random);
        int maxBytes = 16 + random.nextInt(12_000);
        int maxNals = 1 + random.nextInt(10);
        AccessUnitAssembler assembler = new AccessUnitAssembler(maxBytes, maxNals);
        int at = 0;
        while (at < input.length) {
            int n =
                    Math.min(
                            input.length - at,
                            1 + random.nextInt(random.nextBoolean() ? 16 : 4000));
            assembler.feed(input, at, n, unit -> check(unit, maxBytes, maxNals));
            if (random.nextInt(4) == 0) {
                assembler.endOfFrame(unit -> check(unit, maxBytes, maxNals));
            }
            at += n;
        }
    }

    /** Frames that are mostly whole pictures, so that alignment is learnt and then contradicted. */
    @RepeatedTest(300)
    void damagedFramesGiveOnlyWellFormedAccessUnits(RepetitionInfo repetition) {
        Random random = new Random(-repetition.getCurrentRepetition());
        int maxBytes = 16 + random.nextInt(12_000);
        int maxNals = 1 + random.nextInt(10);
        AccessUnitAssembler assembler = new AccessUnitAssembler(maxBytes, maxNals);
        for (AccessUnit picture : PICTURES) {
            byte[] frame =
                    random.nextInt(8) == 0 ? damage(picture.annexB(), random) : picture.annexB();
            int cut = random.nextInt(12) == 0 ? random.nextInt(frame.length) : frame.length;
            for (byte[] piece :
                    List.of(
                            Arrays.copyOf(frame, cut),
                            Arrays.copyOfRange(frame, cut, frame.length))) {
                if (piece.length > 0) {
                    assembler.feed(piece, 0, piece.length, unit -> check(unit, maxBytes, maxNals));
                    assembler.endOfFrame(unit -> check(unit, maxBytes, maxNals));
                }
            }
        }
    }

    private static void check(AccessUnit unit, int maxBytes, int maxNals) {
        byte[] bytes = unit.annexB();
        List<byte[]> nals = H264Fixtures.nals(bytes);
        assertTrue(bytes.length <= maxBytes, "within the byte limit");
        assertArrayEquals(
                new byte[] {0, 0, 0, 1}, Arrays.copyOf(bytes, 4), "starts with a start code");
        assertTrue(H264Fixtures.vclCount(nals) > 0, "holds a picture");
        assertEquals(nals.size(), unit.nalCount(), "nalCount");
        AccessUnitAssemblerTest.assertInOrder(nals, "NAL unit order");
        // an IDR access unit may come with the latest SPS and PPS put in: one each more than the
        // limit
        assertTrue(unit.nalCount() <= maxNals + (unit.idr() ? 2 : 0), "within the NAL limit");
        assertEquals(H264Fixtures.count(nals, 5) > 0, unit.idr(), "idr flag");
    }

    /** Flips, zeroes, inserts start codes and cuts out runs, a few times each. */
    private static byte[] damage(byte[] stream, Random random) {
        byte[] out = stream.clone();
        for (int i = random.nextInt(40); i > 0 && out.length > 8; i--) {
            int at = random.nextInt(out.length - 8);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> Arrays.fill(out, at, at + 1 + random.nextInt(6), (byte) 0);
                case 2 ->
                        System.arraycopy(
                                new byte[] {0, 0, 1, (byte) random.nextInt(256)}, 0, out, at, 4);
                default -> {
                    int cut = Math.min((out.length - at) / 2, random.nextInt(2000));
                    byte[] shorter = new byte[out.length - cut];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + cut, shorter, at, out.length - at - cut);
                    out = shorter;
                }
            }
        }
        return out;
    }
}

package dev.camrelay.media.h265;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The H.265 fixture of src/test/resources/fixtures/h265 (see fixtures/README.md) cut naively into
 * NAL units and access units, to feed the code under test.
 */
public final class H265Fixtures {
    /** ffprobe: Main, level 60 (2.0), 330x186 (coded 336x192), 20 frames, 2 key frames. */
    public static final String MAIN = "main-330x186.h265";

    private static final byte[] START = {0, 0, 0, 1};

    /** One access unit in Annex B (4-byte start codes) and whether it starts at an IRAP picture. */
    public record Unit(byte[] annexB, boolean keyframe) {}

    private H265Fixtures() {}

    public static byte[] load(String name) {
        try (InputStream in = H265Fixtures.class.getResourceAsStream("/fixtures/h265/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NAL units between start codes, headers included, trailing zeros dropped. */
    public static List<byte[]> nals(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : stream.length;
            while (end > starts.get(k) && stream[end - 1] == 0) {
                end--;
            }
            nals.add(Arrays.copyOfRange(stream, starts.get(k), end));
        }
        return nals;
    }

    public static int type(byte[] nal) {
        return (nal[0] >> 1) & 0x3F;
    }

    /**
     * Access units: a new one begins at a VPS, SPS, PPS, AUD or prefix SEI, or at a slice whose
     * first_slice_segment_in_pic_flag is set, unless the current one has no slice yet.
     */
    public static List<Unit> accessUnits(byte[] stream) {
        List<Unit> units = new ArrayList<>();
        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        boolean hasSlice = false;
        boolean keyframe = false;
        for (byte[] nal : nals(stream)) {
            int type = type(nal);
            boolean slice = type <= 31;
            boolean starts = slice ? (nal[2] & 0x80) != 0 : type >= 32 && type <= 35 || type == 39;
            if (starts && hasSlice) {
                units.add(new Unit(unit.toByteArray(), keyframe));
                unit.reset();
                hasSlice = false;
                keyframe = false;
            }
            hasSlice |= slice;
            keyframe |= type >= 16 && type <= 21;
            unit.writeBytes(START);
            unit.writeBytes(nal);
        }
        if (hasSlice) {
            units.add(new Unit(unit.toByteArray(), keyframe));
        }
        return units;
    }
}

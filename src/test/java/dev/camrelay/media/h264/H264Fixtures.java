package dev.camrelay.media.h264;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The H.264 fixtures of src/test/resources/fixtures/h264 with what ffprobe says about them (see
 * fixtures/README.md), and a deliberately naive NAL splitter to check the assembler against.
 */
final class H264Fixtures {
    /**
     * One fixture and ffprobe's view of it: {@code -show_entries stream=width,height,profile,level
     * -count_frames -show_entries stream=nb_read_frames}, key frames counted with {@code
     * -skip_frame nokey}; profile_idc and slices per picture from {@code -bsf:v trace_headers}.
     */
    record Stream(
            String file,
            int profileIdc,
            int levelIdc,
            int width,
            int height,
            int frames,
            int keyFrames,
            int slicesPerPicture,
            String codec) {
        byte[] bytes() {
            return load(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** ffprobe: Constrained Baseline, level 11, 320x240, 20 frames, 2 key frames. */
    static final Stream BASELINE =
            new Stream("baseline-320x240.h264", 66, 11, 320, 240, 20, 2, 1, "avc1.42C00B");

    /** ffprobe: Constrained Baseline, level 11, 320x240, 10 frames, 2 key frames; 4 slices each. */
    static final Stream SLICES =
            new Stream("slices4-320x240.h264", 66, 11, 320, 240, 10, 2, 4, "avc1.42C00B");

    /** ffprobe: High, level 40, 1920x1080 (coded 1088, cropped), 3 frames (I B P), 1 key frame. */
    static final Stream HIGH =
            new Stream("high-1920x1080.h264", 100, 40, 1920, 1080, 3, 1, 1, "avc1.640028");

    /** ffprobe: High 4:2:2, level 10, 202x99 (crop units 2x1), 2 frames, 1 key frame. */
    static final Stream HIGH_422 =
            new Stream("high422-202x99.h264", 122, 10, 202, 99, 2, 1, 1, "avc1.7A000A");

    /**
     * ffprobe: High 4:4:4 Predictive, level 21, 200x110 interlaced (MBAFF, crop units 1x2), 2
     * frames, 1 key frame.
     */
    static final Stream HIGH_444_INTERLACED =
            new Stream(
                    "high444-interlaced-200x110.h264", 244, 21, 200, 110, 2, 1, 1, "avc1.F40015");

    static final List<Stream> ALL = List.of(BASELINE, SLICES, HIGH, HIGH_422, HIGH_444_INTERLACED);

    /** An end-of-stream NAL unit: it completes the last access unit of a raw stream. */
    static final byte[] END_OF_STREAM = {0, 0, 0, 1, 0x0B};

    private H264Fixtures() {}

    static byte[] load(String name) {
        try (InputStream in = H264Fixtures.class.getResourceAsStream("/fixtures/h264/" + name)) {
            assertNotNull(in, "fixture " + name + " is on the test classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The NAL units of an Annex-B stream, by the plain definition: the bytes between one {@code 00
     * 00 01} and the next, without trailing zero bytes; empty ones left out.
     */
    static List<byte[]> nals(byte[] annexB) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                addNal(nals, annexB, start, i);
                start = i + 3;
                i += 2;
            }
        }
        addNal(nals, annexB, start, annexB.length);
        return nals;
    }

    private static void addNal(List<byte[]> nals, byte[] annexB, int start, int end) {
        if (start < 0) {
            return;
        }
        while (end > start && annexB[end - 1] == 0) {
            end--;
        }
        if (end > start) {
            nals.add(Arrays.copyOfRange(annexB, start, end));
        }
    }

    static int type(byte[] nal) {
        return nal[0] & 0x1F;
    }

    /** A slice NAL unit with first_mb_in_slice 0. */
    static boolean firstSlice(byte[] nal) {
        int type = type(nal);
        return (type == 1 || type == 5) && nal.length > 1 && (nal[1] & 0x80) != 0;
    }

    static long count(List<byte[]> nals, int type) {
        return nals.stream().filter(n -> type(n) == type).count();
    }

    static long vclCount(List<byte[]> nals) {
        return nals.stream().filter(n -> type(n) >= 1 && type(n) <= 5).count();
    }

    /** NAL units, each after a 4-byte start code. */
    static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        return concat(List.of(parts));
    }
}

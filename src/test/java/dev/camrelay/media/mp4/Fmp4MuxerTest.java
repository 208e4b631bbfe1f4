package dev.camrelay.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.h264.AccessUnit;
import dev.camrelay.media.h264.AccessUnitAssembler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The muxer's output read back by ffprobe, from the project's real ffmpeg fixtures. */
class Fmp4MuxerTest {
    /** 25 pictures a second. */
    private static final long FRAME_NANOS = 40_000_000L;

    private static final int FRAME_TICKS = 3600;

    @TempDir Path dir;

    @Test
    void ffprobeReadsOneStreamWithoutErrors() throws Exception {
        Path file =
                write(
                        "baseline.mp4",
                        mux(new Fmp4Muxer(), accessUnits("baseline-320x240.h264"), 0));

        Ffprobe.Result streams =
                Ffprobe.run(
                        file,
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames",
                        "-of",
                        "csv=p=0");

        assertEquals("", streams.err());
        assertEquals(List.of("h264,320,240,20"), streams.lines());
    }

    @Test
    void picturesOfSeveralSlicesAreOneSampleEach() throws Exception {
        Path file =
                write("slices.mp4", mux(new Fmp4Muxer(), accessUnits("slices4-320x240.h264"), 0));

        Ffprobe.Result streams =
                Ffprobe.run(
                        file,
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames",
                        "-of",
                        "csv=p=0");

        assertEquals("", streams.err());
        assertEquals(List.of("h264,320,240,10"), streams.lines());
    }

    @Test
    void decodeTimesAreArrivalTimesInNinetyKilohertz() throws Exception {
        Path file =
                write("times.mp4", mux(new Fmp4Muxer(), accessUnits("baseline-320x240.h264"), 0));

        Ffprobe.Result packets =
                Ffprobe.run(file, "-show_entries", "packet=dts,flags", "-of", "csv=p=0");

        List<String> expected =
                IntStream.range(0, 20)
                        .mapToObj(i -> i * FRAME_TICKS + (i % 10 == 0 ? ",K" : ",_"))
                        .toList();
        assertEquals("", packets.err());
        assertEquals(
                expected,
                packets.lines().stream()
                        .map(line -> line.substring(0, line.indexOf(',') + 2))
                        .toList());
    }

    @Test
    void aParameterSetChangeSendsANewInitSegmentAndBothSizesDecode() throws Exception {
        Fmp4Muxer muxer = new Fmp4Muxer();
        byte[] first = mux(muxer, accessUnits("baseline-320x240.h264"), 0);
        assertEquals("avc1.42C00B", muxer.codec().orElseThrow());
        byte[] second = mux(muxer, accessUnits("high422-202x99.h264"), 20);
        assertEquals("avc1.7A000A", muxer.codec().orElseThrow());
        Path whole = write("change.mp4", concat(first, second));
        Path tail = write("tail.mp4", second);

        Ffprobe.Result frames =
                Ffprobe.run(whole, "-show_entries", "frame=width,height", "-of", "flat");
        Ffprobe.Result tailStream =
                Ffprobe.run(
                        tail, "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0");

        assertEquals("", frames.err());
        List<String> sizes = new ArrayList<>(Collections.nCopies(20, "320x240"));
        sizes.addAll(Collections.nCopies(2, "202x99"));
        assertEquals(sizes, pictureSizes(frames.lines()));
        assertEquals("", tailStream.err());
        assertEquals(List.of("h264,202,99"), tailStream.lines());
        assertEquals(1, count(first, "moov"));
        assertEquals(1, count(second, "moov"));
    }

    @Test
    void anUnchangedKeyframeSendsNoInitSegment() {
        List<AccessUnit> units = accessUnits("baseline-320x240.h264");
        assertTrue(units.get(10).idr(), "the fixture's second keyframe");

        byte[] all = mux(new Fmp4Muxer(), units, 0);

        assertEquals(1, count(all, "moov"));
        assertEquals(20, count(all, "moof"));
    }

    @Test
    void picturesBeforeTheFirstKeyframeAreSkipped() {
        List<AccessUnit> units = accessUnits("baseline-320x240.h264");
        Fmp4Muxer muxer = new Fmp4Muxer();

        Optional<byte[]> beforeKeyframe = muxer.mux(units.get(1).annexB(), 0, false);
        Optional<byte[]> keyframe = muxer.mux(units.get(10).annexB(), FRAME_NANOS, true);

        assertTrue(beforeKeyframe.isEmpty());
        assertEquals(1, count(keyframe.orElseThrow(), "ftyp"));
        assertEquals(1, count(keyframe.orElseThrow(), "moof"));
    }

    /**
     * Muxes {@code units} arriving one {@link #FRAME_NANOS} apart, the first as picture {@code
     * index}.
     */
    private static byte[] mux(Fmp4Muxer muxer, List<AccessUnit> units, int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AccessUnit unit : units) {
            muxer.mux(unit.annexB(), 1_000_000_000L + index++ * FRAME_NANOS, unit.idr())
                    .ifPresent(out::writeBytes);
        }
        return out.toByteArray();
    }

    static List<AccessUnit> accessUnits(String fixture) {
        byte[] stream;
        try (InputStream in =
                Fmp4MuxerTest.class.getResourceAsStream("/fixtures/h264/" + fixture)) {
            assertNotNull(in, fixture);
            stream = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<AccessUnit> units = new ArrayList<>();
        AccessUnitAssembler assembler = new AccessUnitAssembler(1 << 22, 1024);
        assembler.feed(stream, 0, stream.length, units::add);
        byte[] endOfStream = {0, 0, 0, 1, 0x0B};
        assembler.feed(endOfStream, 0, endOfStream.length, units::add);
        return units;
    }

    /**
     * "WxH" of each picture, from ffprobe's flat output ({@code frames.frame.N.width=W}, then
     * height).
     */
    private static List<String> pictureSizes(List<String> flat) {
        List<String> sizes = new ArrayList<>();
        for (String line : flat) {
            if (line.matches("frames\\.frame\\.\\d+\\.width=\\d+")) {
                sizes.add(line.substring(line.indexOf('=') + 1));
            } else if (line.matches("frames\\.frame\\.\\d+\\.height=\\d+")) {
                int last = sizes.size() - 1;
                sizes.set(last, sizes.get(last) + "x" + line.substring(line.indexOf('=') + 1));
            }
        }
        return sizes;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /**
     * How many times a box type's four letters occur: enough for boxes whose names occur nowhere
     * else.
     */
    private static int count(byte[] bytes, String type) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == t[0]
                    && bytes[i + 1] == t[1]
                    && bytes[i + 2] == t[2]
                    && bytes[i + 3] == t[3]) {
                n++;
            }
        }
        return n;
    }
}

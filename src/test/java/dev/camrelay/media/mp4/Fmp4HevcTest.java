package dev.camrelay.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.h265.H265Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H.265 in fMP4 ({@code hvc1} + {@code hvcC}) read back by ffprobe, from real x265 output. */
class Fmp4HevcTest {
    private static final long FRAME_NANOS = 100_000_000L;

    @TempDir Path dir;

    private Path muxed(List<H265Fixtures.Unit> units, String name) throws Exception {
        Fmp4Muxer muxer = new Fmp4Muxer(Format.H265);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long nanos = 1_000_000_000L;
        for (H265Fixtures.Unit unit : units) {
            muxer.mux(unit.annexB(), nanos, unit.keyframe()).ifPresent(out::writeBytes);
            nanos += FRAME_NANOS;
        }
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void ffprobeReadsEveryPictureWithoutErrors() throws Exception {
        Path file =
                muxed(H265Fixtures.accessUnits(H265Fixtures.load(H265Fixtures.MAIN)), "hevc.mp4");

        Ffprobe.Result streams =
                Ffprobe.run(
                        file,
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,codec_tag_string,profile,width,height,nb_read_frames",
                        "-of",
                        "csv=p=0");

        assertEquals("", streams.err());
        assertEquals(List.of("hevc,Main,hvc1,330,186,20"), streams.lines());
    }

    @Test
    void picturesBeforeTheFirstKeyframeAreSkipped() throws Exception {
        List<H265Fixtures.Unit> units =
                H265Fixtures.accessUnits(H265Fixtures.load(H265Fixtures.MAIN));

        Path file = muxed(units.subList(3, units.size()), "late.mp4");
        Ffprobe.Result packets =
                Ffprobe.run(file, "-show_entries", "packet=flags", "-of", "csv=p=0");

        assertEquals("", packets.err());
        assertEquals(10, packets.lines().size());
        assertTrue(packets.lines().get(0).startsWith("K"));
    }

    @Test
    void codecStringIsTheSpsOnes() {
        Fmp4Muxer muxer = new Fmp4Muxer(Format.H265);
        H265Fixtures.Unit first =
                H265Fixtures.accessUnits(H265Fixtures.load(H265Fixtures.MAIN)).get(0);

        assertTrue(muxer.codec().isEmpty());
        muxer.mux(first.annexB(), 0, true);
        assertEquals("hvc1.1.6.L60.90", muxer.codec().orElseThrow());
    }
}

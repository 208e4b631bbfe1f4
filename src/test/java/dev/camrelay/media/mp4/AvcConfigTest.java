package dev.camrelay.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.h264.AccessUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our avcC record is byte for byte the one ffmpeg's MP4 muxer writes for the same stream. */
class AvcConfigTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "baseline-320x240.h264",
                "high-1920x1080.h264",
                "high422-202x99.h264",
                "high444-interlaced-200x110.h264"
            })
    void avcCEqualsFfmpegs(String fixture) throws Exception {
        AccessUnit first = Fmp4MuxerTest.accessUnits(fixture).get(0);
        assertTrue(first.idr(), "the fixture starts with a keyframe");
        byte[] ours = new Fmp4Muxer().mux(first.annexB(), 0, true).orElseThrow();

        Path mp4 = dir.resolve("ffmpeg.mp4");
        Process ffmpeg =
                new ProcessBuilder(
                                "ffmpeg",
                                "-v",
                                "error",
                                "-y",
                                "-i",
                                Path.of("src/test/resources/fixtures/h264", fixture).toString(),
                                "-c",
                                "copy",
                                "-f",
                                "mp4",
                                mp4.toString())
                        .redirectErrorStream(true)
                        .start();
        String complaints =
                new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals("", complaints.strip());

        assertArrayEquals(avcC(Files.readAllBytes(mp4)), avcC(ours));
    }

    /** The first avcC box, header included. */
    private static byte[] avcC(byte[] file) {
        byte[] type = "avcC".getBytes(StandardCharsets.US_ASCII);
        for (int i = 4; i + 4 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, type, 0, 4)) {
                int size =
                        ((file[i - 4] & 0xFF) << 24)
                                | ((file[i - 3] & 0xFF) << 16)
                                | ((file[i - 2] & 0xFF) << 8)
                                | (file[i - 1] & 0xFF);
                return Arrays.copyOfRange(file, i - 4, i - 4 + size);
            }
        }
        throw new AssertionError("no avcC box");
    }
}

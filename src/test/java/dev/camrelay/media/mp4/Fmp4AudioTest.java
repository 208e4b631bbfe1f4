package dev.camrelay.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.AudioTrack;
import dev.camrelay.media.h264.AccessUnit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures and AAC frames muxed together, read back by ffprobe from real ffmpeg fixtures. */
class Fmp4AudioTest {
    private static final AudioTrack AAC = AudioTrack.fromHexConfig("1190", 48000).orElseThrow();
    private static final long ORIGIN = 1_000_000_000L;
    private static final long FRAME_NANOS = 40_000_000L;
    private static final long AAC_FRAME_NANOS = 1024 * 1_000_000_000L / 48000;

    @TempDir Path dir;

    @Test
    void ffprobeReadsVideoAndAudioWithoutErrors() throws Exception {
        Path file = Files.write(dir.resolve("av.mp4"), interleave(new Fmp4Muxer(), 0));

        Ffprobe.Result streams =
                Ffprobe.run(
                        file,
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,sample_rate,channels,nb_read_frames",
                        "-of",
                        "csv=p=0");
        Ffprobe.Result decoded = Ffprobe.run(file, "-show_entries", "frame=media_type");

        assertEquals("", streams.err());
        assertEquals(List.of("h264,20", "aac,48000,2,37"), streams.lines());
        assertEquals("", decoded.err(), "every picture and every AAC frame decodes");
    }

    @Test
    void audioDecodeTimesFollowTheTimestampsFromTheFirstArrival() throws Exception {
        Path file = Files.write(dir.resolve("times.mp4"), interleave(new Fmp4Muxer(), 0));

        Ffprobe.Result packets =
                Ffprobe.run(
                        file,
                        "-select_streams",
                        "a",
                        "-show_entries",
                        "packet=pts,duration",
                        "-of",
                        "csv=p=0");

        // the first frame arrives 10 ms after the first picture: 480 samples at 48 kHz
        List<String> expected =
                IntStream.range(0, 37).mapToObj(i -> (480 + 1024 * i) + ",1024").toList();
        assertEquals("", packets.err());
        assertEquals(expected, packets.lines());
    }

    @Test
    void aRestartedAudioClockMovesTheAnchorToArrivalAndTimeNeverGoesBack() throws Exception {
        List<AccessUnit> units = Fmp4MuxerTest.accessUnits("baseline-320x240.h264");
        List<byte[]> aac = aacFrames();
        Fmp4Muxer muxer = new Fmp4Muxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(muxer.mux(units.get(0).annexB(), ORIGIN, true, AAC).orElseThrow());
        long[] timestamps = {90_000, 91_024, 5_000, 6_024, 6_024 + 48_000 * 5};
        long[] arrivals = {0, 21, 43, 64, 85}; // milliseconds after the picture
        for (int i = 0; i < timestamps.length; i++) {
            out.writeBytes(
                    muxer.muxAudio(
                                    aac.get(i),
                                    timestamps[i],
                                    ORIGIN + arrivals[i] * 1_000_000L,
                                    AAC)
                            .orElseThrow());
        }
        Path file = Files.write(dir.resolve("restart.mp4"), out.toByteArray());

        Ffprobe.Result packets =
                Ffprobe.run(
                        file,
                        "-select_streams",
                        "a",
                        "-show_entries",
                        "packet=pts",
                        "-of",
                        "csv=p=0");

        // 0, then +1024 by the clock; the clock jumps back: re-anchored at arrival (43 ms = 2064,
        // later than the last + 1024); +1024 by the clock; a jump of 5 s: re-anchored at the
        // later of arrival (85 ms = 4080) and the last + 1024 (4112)
        assertEquals("", packets.err());
        assertEquals(List.of("0", "1024", "2064", "3088", "4112"), packets.lines());
    }

    @Test
    void audioWaitsForAnInitSegmentThatHasIt() {
        List<AccessUnit> units = Fmp4MuxerTest.accessUnits("baseline-320x240.h264");
        byte[] aac = aacFrames().get(0);
        Fmp4Muxer muxer = new Fmp4Muxer();

        assertTrue(muxer.muxAudio(aac, 0, ORIGIN, AAC).isEmpty(), "no picture yet");
        byte[] init = muxer.mux(units.get(0).annexB(), ORIGIN, true, null).orElseThrow();
        assertTrue(muxer.muxAudio(aac, 1024, ORIGIN + 1, AAC).isEmpty(), "init without audio");
        assertTrue(muxer.audioCodec().isEmpty());
        assertTrue(muxer.mux(units.get(1).annexB(), ORIGIN + FRAME_NANOS, false, AAC).isPresent());
        assertTrue(muxer.muxAudio(aac, 2048, ORIGIN + 2, AAC).isEmpty(), "until a keyframe");
        byte[] second =
                muxer.mux(units.get(10).annexB(), ORIGIN + 2 * FRAME_NANOS, true, AAC)
                        .orElseThrow();

        assertEquals(1, count(init, "moov"));
        assertEquals(0, count(init, "mp4a"));
        assertEquals(1, count(second, "moov"), "the stream's audio changed: a new init");
        assertEquals(1, count(second, "mp4a"));
        assertEquals("mp4a.40.2", muxer.audioCodec().orElseThrow());
        assertTrue(muxer.muxAudio(aac, 3072, ORIGIN + 3, AAC).isPresent());
    }

    /**
     * Twenty pictures 40 ms apart and the AAC frames of the same 0.8 s (37 of them), each given to
     * the muxer in arrival order, the audio starting 10 ms after the first picture.
     */
    private static byte[] interleave(Fmp4Muxer muxer, long rtpStart) {
        List<AccessUnit> units = Fmp4MuxerTest.accessUnits("baseline-320x240.h264");
        List<byte[]> aac = aacFrames();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int a = 0;
        for (int v = 0; v < units.size(); v++) {
            long pictureAt = ORIGIN + v * FRAME_NANOS;
            while (a < 37 && ORIGIN + 10_000_000L + a * AAC_FRAME_NANOS < pictureAt) {
                muxer.muxAudio(
                                aac.get(a),
                                rtpStart + 1024L * a,
                                ORIGIN + 10_000_000L + a * AAC_FRAME_NANOS,
                                AAC)
                        .ifPresent(out::writeBytes);
                a++;
            }
            muxer.mux(units.get(v).annexB(), pictureAt, units.get(v).idr(), AAC)
                    .ifPresent(out::writeBytes);
        }
        while (a < 37) {
            muxer.muxAudio(
                            aac.get(a),
                            rtpStart + 1024L * a,
                            ORIGIN + 10_000_000L + a * AAC_FRAME_NANOS,
                            AAC)
                    .ifPresent(out::writeBytes);
            a++;
        }
        return out.toByteArray();
    }

    /** The raw AAC frames of the ADTS fixture, headers removed. */
    static List<byte[]> aacFrames() {
        byte[] adts;
        try (InputStream in =
                Fmp4AudioTest.class.getResourceAsStream("/fixtures/aac/sine-48k-stereo.adts")) {
            assertNotNull(in);
            adts = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at + 7 <= adts.length) {
            int length =
                    ((adts[at + 3] & 0x03) << 11)
                            | ((adts[at + 4] & 0xFF) << 3)
                            | ((adts[at + 5] & 0xFF) >> 5);
            int header = (adts[at + 1] & 0x01) == 1 ? 7 : 9;
            frames.add(Arrays.copyOfRange(adts, at + header, at + length));
            at += length;
        }
        return frames;
    }

    private static int count(byte[] bytes, String type) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + 4, t, 0, 4)) {
                n++;
            }
        }
        return n;
    }
}

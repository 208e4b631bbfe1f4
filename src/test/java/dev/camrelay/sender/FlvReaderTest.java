package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FLV reader against ffmpeg's own FLV output (fixtures/flv, see its README): the same encode as
 * fixtures/h264/baseline-320x240.h264, so both must give the same pictures.
 */
class FlvReaderTest {
    private static final int MAX = FrameReader.MAX_FRAME_BYTES;

    /** ffprobe's packet pos and size per picture: where each picture's FLV tag starts. */
    private static final int[][] PACKETS = packets();

    private static final int[] TAG_STARTS = Arrays.stream(PACKETS).mapToInt(p -> p[0]).toArray();

    /** Where each picture's tag ends: its start + tag header + AVC prefix + packet size. */
    private static final int[] TAG_ENDS =
            Arrays.stream(PACKETS).mapToInt(p -> p[0] + 11 + 5 + p[1]).toArray();

    @Test
    void picturesMatchTheAnnexBEncodeOfTheSameFrames() throws IOException {
        List<byte[]> fromFlv = readAll(new FlvReader(stream(flv()), MAX)::next);
        List<byte[]> fromAnnexB =
                readAll(
                        new FrameReader(stream(fixture("h264/baseline-320x240.h264")), Format.H264)
                                ::next);
        assertEquals(20, fromFlv.size(), "ffprobe counts 20 frames");
        assertEquals(fromAnnexB.size(), fromFlv.size());
        for (int i = 0; i < fromFlv.size(); i++) {
            List<String> annexBNals = nals(fromAnnexB.get(i));
            if (i == fromFlv.size() - 1) {
                // the raw stream ends with an end-of-stream NAL; FLV carries it as a sequence end
                assertEquals("0b", annexBNals.remove(annexBNals.size() - 1));
            }
            assertEquals(annexBNals.toString(), nals(fromFlv.get(i)).toString(), "picture " + i);
        }
    }

    @Test
    void keyframesStartWithSpsAndPps() throws IOException {
        List<byte[]> pictures = readAll(new FlvReader(stream(flv()), MAX)::next);
        int keyframes = 0;
        for (byte[] picture : pictures) {
            List<String> nals = nals(picture);
            if (nals.stream().anyMatch(nal -> type(nal) == 5)) {
                keyframes++;
                assertEquals(
                        List.of(7, 8), List.of(type(nals.get(0)), type(nals.get(1))), "" + nals);
            }
        }
        assertEquals(2, keyframes, "ffprobe counts 2 key frames");
    }

    /** Cut the input at every byte: each picture comes out once its tag's last byte is in. */
    @Test
    void eachPictureLeavesAtItsLastByteAtEverySplit() throws IOException {
        byte[] flv = flv();
        List<byte[]> whole = readAll(new FlvReader(stream(flv), MAX)::next);
        assertEquals(whole.size(), TAG_ENDS.length);
        for (int cut = 0; cut <= flv.length; cut++) {
            FlvReader reader = new FlvReader(new CutInput(flv, cut), MAX);
            int expected = complete(cut);
            for (int i = 0; i < expected; i++) {
                assertArrayEquals(whole.get(i), reader.next(), "picture " + i + " cut " + cut);
            }
            if (cut < flv.length) {
                assertThrows(CutOff.class, reader::next, "cut " + cut);
            } else {
                assertNull(reader.next());
            }
        }
    }

    private static int complete(int cut) {
        return (int) Arrays.stream(TAG_ENDS).filter(end -> end <= cut).count();
    }

    @Test
    void tagOverTheFrameLimitIsAnErrorNotAnAllocation() {
        byte[] flv = flv();
        byte[] head = Arrays.copyOf(flv, 13 + 11);
        head[13] = 9;
        head[14] = (byte) 0xff;
        head[15] = (byte) 0xff;
        head[16] = (byte) 0xff;
        IOException error =
                assertThrows(IOException.class, () -> new FlvReader(stream(head), 1000).next());
        assertTrue(error.getMessage().contains("16777215 bytes"), error.getMessage());
    }

    @Test
    void audioTagsAreSkipped() throws IOException {
        byte[] flv = flv();
        byte[] audio = {8, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, (byte) 0xaf, 1, 0x21, 0, 0, 0, 14};
        byte[] withAudio = new byte[flv.length + audio.length];
        System.arraycopy(flv, 0, withAudio, 0, 13);
        System.arraycopy(audio, 0, withAudio, 13, audio.length);
        System.arraycopy(flv, 13, withAudio, 13 + audio.length, flv.length - 13);
        assertSame(
                readAll(new FlvReader(stream(flv), MAX)::next),
                readAll(new FlvReader(stream(withAudio), MAX)::next));
    }

    @Test
    void aConfigurationRecordCutShortIsAnError() {
        byte[] flv = flv();
        int firstPicture = TAG_STARTS[0];
        int configTag = firstPicture - 4 - (int) uint32(flv, firstPicture - 4);
        assertEquals(9, flv[configTag], "the AVC sequence header tag precedes the first picture");
        flv[configTag + 11 + 5 + 7] = 0x7f; // the SPS length, far past the tag's end
        IOException error =
                assertThrows(
                        IOException.class, () -> readAll(new FlvReader(stream(flv), MAX)::next));
        assertTrue(error.getMessage().contains("cut short"), error.getMessage());
    }

    @Test
    void videoThatIsNotH264IsAnError() {
        byte[] flv = flv();
        int videoTag = TAG_STARTS[0];
        flv[videoTag + 11] = (byte) ((flv[videoTag + 11] & 0xf0) | 2);
        IOException error =
                assertThrows(
                        IOException.class, () -> readAll(new FlvReader(stream(flv), MAX)::next));
        assertTrue(error.getMessage().contains("not H.264"), error.getMessage());
    }

    @Test
    void streamSourceTakesFlvByItsSignatureAndAnnexBAsBefore() throws IOException {
        List<byte[]> fromFlv = readAll(new FlvReader(stream(flv()), MAX)::next);
        byte[] annexB = fixture("h264/baseline-320x240.h264");
        List<byte[]> fromDemuxer = readAll(new FrameReader(stream(annexB), Format.H264)::next);
        try (StreamSource flvSource = new StreamSource(stream(flv()), Format.H264);
                StreamSource annexBSource = new StreamSource(stream(annexB), Format.H264)) {
            assertSame(fromFlv, readAll(flvSource::next));
            assertSame(fromDemuxer, readAll(annexBSource::next));
        }
    }

    private static void assertSame(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "picture " + i);
        }
    }

    private interface Frames {
        byte[] next() throws IOException;
    }

    private static List<byte[]> readAll(Frames frames) throws IOException {
        List<byte[]> all = new ArrayList<>();
        for (byte[] frame = frames.next(); frame != null; frame = frames.next()) {
            all.add(frame);
        }
        return all;
    }

    private static int type(String nalHex) {
        return Integer.parseInt(nalHex.substring(0, 2), 16) & 0x1f;
    }

    /** The NAL units of an Annex B picture as hex, start codes (3 or 4 bytes) removed. */
    static List<String> nals(byte[] picture) {
        List<String> nals = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < picture.length; i++) {
            if (i + 2 < picture.length
                    && picture[i] == 0
                    && picture[i + 1] == 0
                    && picture[i + 2] == 1) {
                if (current != null) {
                    nals.add(current.toString().replaceAll("(00)+$", ""));
                }
                current = new StringBuilder();
                i += 2;
            } else if (current != null) {
                current.append(String.format("%02x", picture[i]));
            }
        }
        if (current != null) {
            nals.add(current.toString().replaceAll("(00)+$", ""));
        }
        return nals;
    }

    private static int[][] packets() {
        try {
            Process probe =
                    new ProcessBuilder(
                                    "ffprobe",
                                    "-v",
                                    "error",
                                    "-show_entries",
                                    "packet=pos,size",
                                    "-of",
                                    "csv=p=0",
                                    "-")
                            .redirectErrorStream(false)
                            .start();
            try (var stdin = probe.getOutputStream()) {
                stdin.write(flv());
            }
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            probe.waitFor();
            return out.lines()
                    .filter(line -> !line.isBlank())
                    .map(
                            line ->
                                    new int[] {
                                        Integer.parseInt(line.substring(line.indexOf(',') + 1)),
                                        Integer.parseInt(line.substring(0, line.indexOf(',')))
                                    })
                    .toArray(int[][]::new);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("ffprobe is needed", e);
        }
    }

    private static long uint32(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[at + i] & 0xff);
        }
        return value;
    }

    static byte[] flv() {
        return fixture("flv/baseline-320x240.flv");
    }

    private static byte[] fixture(String name) {
        try (InputStream in = FlvReaderTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static final class CutOff extends IOException {
        CutOff() {
            super("read past the cut");
        }
    }

    /** The first {@code cut} bytes, then a failure for any read that asks for more. */
    private static final class CutInput extends InputStream {
        private final byte[] bytes;
        private final int cut;
        private int at;

        CutInput(byte[] bytes, int cut) {
            this.bytes = bytes;
            this.cut = cut;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (at == bytes.length) {
                return -1;
            }
            if (at == cut) {
                throw new CutOff();
            }
            int count = Math.min(length, cut - at);
            System.arraycopy(bytes, at, into, offset, count);
            at += count;
            return count;
        }
    }
}

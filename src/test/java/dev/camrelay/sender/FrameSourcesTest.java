package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.camrelay.media.Format;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourcesTest {
    private static byte[] first;
    private static byte[] second;
    private static byte[] third;

    @BeforeAll
    static void makeJpegs() {
        try (TestPattern pattern = new TestPattern("src", 64, 48)) {
            first = pattern.nextJpeg();
            second = pattern.nextJpeg();
            third = pattern.nextJpeg();
        }
    }

    @Test
    void patternSourceNeverEnds() throws IOException {
        try (PatternSource source = new PatternSource("p", 64, 48)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(64, TestPatternTest.decode(source.next()).getWidth());
            }
        }
    }

    @Test
    void directorySourceLoopsOverJpegFilesInNameOrder(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("b.JPEG"), second);
        Files.write(dir.resolve("a.jpg"), first);
        Files.write(dir.resolve("c.jpg"), third);
        Files.writeString(dir.resolve("notes.txt"), "not a frame");
        try (DirectorySource source = new DirectorySource(dir)) {
            assertArrayEquals(first, source.next());
            assertArrayEquals(second, source.next());
            assertArrayEquals(third, source.next());
            assertArrayEquals(first, source.next(), "loops back to the first file");
        }
    }

    @Test
    void directoryWithoutJpegsIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a frame");
        assertThrows(IOException.class, () -> new DirectorySource(dir));
    }

    @Test
    void mjpegFileSourceSplitsTheFileAndLoops(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("clip.mjpeg");
        Files.write(file, concat(first, second));
        try (LoopingSource source = LoopingSource.file(file, Format.MJPEG)) {
            assertArrayEquals(first, source.next());
            assertArrayEquals(second, source.next());
            assertArrayEquals(first, source.next(), "loops back to the start of the file");
            assertArrayEquals(second, source.next());
        }
    }

    @Test
    void mjpegFileWithoutAWholeJpegFailsInsteadOfSpinning(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("junk.mjpeg");
        Files.write(file, new byte[] {1, 2, 3, (byte) 0xFF, (byte) 0xD8, 0});
        try (LoopingSource source = LoopingSource.file(file, Format.MJPEG)) {
            assertThrows(IOException.class, source::next);
        }
    }

    @Test
    void mjpegStreamSourceHandsOnEachJpegAndEndsWithItsInput() throws IOException {
        byte[] partial = java.util.Arrays.copyOf(third, third.length / 2);
        try (StreamSource source =
                new StreamSource(
                        new ByteArrayInputStream(concat(first, second, partial)), Format.MJPEG)) {
            assertArrayEquals(first, source.next());
            assertArrayEquals(second, source.next());
            assertNull(source.next(), "a trailing partial image is not a frame");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}

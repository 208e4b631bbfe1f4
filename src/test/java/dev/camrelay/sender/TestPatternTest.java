package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TestPatternTest {

    @Test
    void framesAreJpegsOfTheRequestedSize() throws IOException {
        try (TestPattern pattern = new TestPattern("cam", 640, 360)) {
            BufferedImage image = decode(pattern.nextJpeg());
            assertEquals(640, image.getWidth());
            assertEquals(360, image.getHeight());
        }
        try (TestPattern pattern = new TestPattern("small", 160, 90)) {
            BufferedImage image = decode(pattern.nextJpeg());
            assertEquals(160, image.getWidth());
            assertEquals(90, image.getHeight());
        }
    }

    @Test
    void consecutiveFramesDifferInEveryPartOfThePicture() throws IOException {
        try (TestPattern pattern = new TestPattern("cam", 640, 360)) {
            BufferedImage first = decode(pattern.nextJpeg());
            BufferedImage second = decode(pattern.nextJpeg());
            int cells = 4;
            for (int row = 0; row < cells; row++) {
                for (int column = 0; column < cells; column++) {
                    assertTrue(
                            cellChanged(first, second, column * 160, row * 90, 160, 90),
                            "cell " + column + "," + row + " should change between frames");
                }
            }
        }
    }

    @Test
    void namesGetTheirOwnLook() throws IOException {
        try (TestPattern a = new TestPattern("north", 64, 64);
                TestPattern b = new TestPattern("south", 64, 64)) {
            assertFalse(Arrays.equals(a.nextJpeg(), b.nextJpeg()));
        }
    }

    @Test
    void rejectsSillySizes() {
        assertThrows(IllegalArgumentException.class, () -> new TestPattern("cam", 0, 360));
        assertThrows(IllegalArgumentException.class, () -> new TestPattern("cam", 640, 100_000));
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(image, "ImageIO should decode the frame");
        return image;
    }

    private static boolean cellChanged(
            BufferedImage a, BufferedImage b, int x0, int y0, int width, int height) {
        int changed = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                if (channelDistance(a.getRGB(x, y), b.getRGB(x, y)) > 12) {
                    changed++;
                }
            }
        }
        return changed
                > width * height
                        / 20; // more than JPEG noise: at least 5 % of the cell visibly moved
    }

    private static int channelDistance(int rgb1, int rgb2) {
        int max = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            max = Math.max(max, Math.abs((rgb1 >> shift & 0xFF) - (rgb2 >> shift & 0xFF)));
        }
        return max;
    }
}

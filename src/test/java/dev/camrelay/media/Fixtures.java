package dev.camrelay.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The committed fixtures of src/test/resources/fixtures, and small helpers for building JPEG
 * inputs.
 */
public final class Fixtures {
    public static final String MJPEG = "testsrc-160x120.mjpeg";
    public static final String BARS = "bars-320x240.jpg";
    public static final String PROGRESSIVE = "progressive-restart-160x120.jpg";

    private Fixtures() {}

    public static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, "fixture " + name + " is on the test classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes with javax.imageio; fails the test when the bytes are not a decodable image. */
    public static BufferedImage decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertNotNull(image, "decodable image");
            return image;
        } catch (IOException e) {
            throw new AssertionError("not a decodable JPEG: " + e, e);
        }
    }

    public static void assertDecodesAs(int width, int height, byte[] jpeg) {
        BufferedImage image = decode(jpeg);
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
    }

    /**
     * The 8 JPEGs of the MJPEG fixture, found independently of {@code JpegSplitter}: every image
     * ffmpeg writes ends with FFD9, and FFD9 cannot occur inside its entropy data (FF is stuffed)
     * nor inside its small headers, so cutting after each FFD9 gives the images. Checked by {@code
     * JpegSplitterTest.fixtureSlicesAreTheEightImages}.
     */
    public static List<byte[]> mjpegSlices() {
        byte[] all = load(MJPEG);
        List<byte[]> slices = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < all.length; i++) {
            if ((all[i] & 0xFF) == 0xFF && (all[i + 1] & 0xFF) == 0xD9) {
                slices.add(java.util.Arrays.copyOfRange(all, start, i + 2));
                start = i + 2;
                i++;
            }
        }
        assertEquals(all.length, start, "the fixture ends with an EOI");
        return slices;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /**
     * A JPEG with an EXIF-style APP1 segment right after its SOI whose payload ends with a whole
     * embedded JPEG (the "thumbnail", with its own FFD8 ... FFD9).
     */
    public static byte[] withExifThumbnail(byte[] jpeg, byte[] thumbnail) {
        byte[] tiff = bytes('I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00);
        byte[] exif =
                concat(
                        "Exif".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        bytes(0, 0),
                        tiff,
                        thumbnail);
        int length = exif.length + 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("thumbnail too large for one segment");
        }
        return concat(
                bytes(0xFF, 0xD8, 0xFF, 0xE1, length >> 8, length & 0xFF),
                exif,
                java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }
}

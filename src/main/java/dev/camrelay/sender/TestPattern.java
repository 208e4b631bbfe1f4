package dev.camrelay.sender;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws and JPEG-encodes the frames of a synthetic camera: scrolling diagonal stripes (so every
 * part of the picture changes from one frame to the next, which is what a viewer test checks), a
 * bouncing box, a rotating bar, and the stream name, frame number and wall clock. Each name gets
 * its own hue, so tiles are told apart at a glance. The image and encoder are reused, so a frame
 * costs one draw and one encode. Owned by one thread; not thread-safe.
 */
public final class TestPattern implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestPattern.class);
    private static final float JPEG_QUALITY = 0.7f;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /**
     * Pixels the stripes scroll per frame: a large share of a stripe, so the change is plain to
     * see.
     */
    private static final int STRIPE_STEP = 7;

    static {
        // A camera has no display: without this, AWT on a server without X may try to find one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Shared by all patterns: once one has found that text cannot be drawn, none tries again. */
    private static volatile boolean textUnavailable;

    private final String name;
    private final BufferedImage image;
    private final Graphics2D graphics;
    private final ImageWriter writer;
    private final ImageWriteParam writeParam;
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(64 * 1024);
    private final Color background;
    private final Color stripe;
    private final Color box;
    private final Polygon stripeShape = new Polygon();
    private long frameNumber;

    public TestPattern(String name, int width, int height) {
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException(
                    "pattern size must be 16..8192 pixels a side, not " + width + "x" + height);
        }
        this.name = name;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.graphics = image.createGraphics();
        this.writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        this.writeParam = writer.getDefaultWriteParam();
        writeParam.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        writeParam.setCompressionQuality(JPEG_QUALITY);
        // Fibonacci hashing spreads names that differ by one character (demo1, demo2) around the
        // wheel
        float hue = Integer.toUnsignedLong(name.hashCode() * 0x9E3779B9) % 360 / 360f;
        this.background = Color.getHSBColor(hue, 0.55f, 0.35f);
        this.stripe = Color.getHSBColor(hue, 0.45f, 0.65f);
        this.box = Color.getHSBColor((hue + 0.5f) % 1f, 0.8f, 0.95f);
    }

    /** Draws the next frame and returns it as a JPEG. */
    public byte[] nextJpeg() {
        frameNumber++;
        drawStripes();
        drawBouncingBox();
        drawRotatingBar();
        if (!textUnavailable) {
            drawText();
        }
        return encode();
    }

    @Override
    public void close() {
        graphics.dispose();
        writer.dispose();
    }

    /**
     * Hard-edged diagonal stripes scrolling sideways: their edges sweep through every part of the
     * tile.
     */
    private void drawStripes() {
        int width = image.getWidth();
        int height = image.getHeight();
        int period = Math.max(32, height / 6);
        graphics.setColor(background);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(stripe);
        int offset = (int) (frameNumber * STRIPE_STEP % period);
        for (int x = offset - height - period; x < width; x += period) {
            stripeShape.reset();
            stripeShape.addPoint(x, height);
            stripeShape.addPoint(x + period / 2, height);
            stripeShape.addPoint(x + period / 2 + height, 0);
            stripeShape.addPoint(x + height, 0);
            graphics.fillPolygon(stripeShape);
        }
    }

    private void drawBouncingBox() {
        int size = Math.max(8, image.getHeight() / 5);
        int x = bounce(frameNumber * 9, image.getWidth() - size);
        int y = bounce(frameNumber * 5, image.getHeight() - size);
        graphics.setColor(box);
        graphics.fillRect(x, y, size, size);
    }

    private void drawRotatingBar() {
        int centreX = image.getWidth() / 2;
        int centreY = image.getHeight() / 2;
        double angle = Math.toRadians(frameNumber * 6 % 360);
        int radius = Math.min(centreX, centreY) * 2 / 3;
        graphics.setColor(Color.WHITE);
        graphics.setStroke(
                new BasicStroke(
                        Math.max(2, radius / 12f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        graphics.drawLine(
                centreX,
                centreY,
                centreX + (int) Math.round(radius * Math.sin(angle)),
                centreY - (int) Math.round(radius * Math.cos(angle)));
    }

    private void drawText() {
        try {
            int size = Math.max(10, image.getHeight() / 12);
            graphics.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setFont(new Font(Font.MONOSPACED, Font.BOLD, size));
            graphics.setColor(Color.WHITE);
            graphics.drawString(name, size / 2, size * 3 / 2);
            graphics.drawString("#" + frameNumber, size / 2, image.getHeight() - size * 3 / 2);
            graphics.drawString(
                    LocalTime.now().format(CLOCK), size / 2, image.getHeight() - size / 2);
        } catch (RuntimeException | Error e) {
            if (e instanceof OutOfMemoryError oom) {
                throw oom;
            }
            // A minimal JRE image may ship without fonts; the moving parts still show the stream is
            // live.
            textUnavailable = true;
            log.warn("Test pattern text disabled, this JRE cannot draw text: {}", e.toString());
        }
    }

    private byte[] encode() {
        encoded.reset();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(encoded)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), writeParam);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding into memory failed", e);
        }
        return encoded.toByteArray();
    }

    /** Position on a back-and-forth sweep of {@code 0..range}, {@code distance} pixels along it. */
    private static int bounce(long distance, int range) {
        if (range <= 0) {
            return 0;
        }
        long phase = distance % (2L * range);
        return (int) (phase <= range ? phase : 2L * range - phase);
    }
}

package dev.camrelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.EmbeddedServer;
import dev.camrelay.config.ConfigLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@code <img>} on {@code /mjpeg/<name>} in headless Chromium paints each JPEG when it arrives,
 * not when the next one does: a camera sends one JPEG and then nothing, and the picture must show
 * it. The relay's keep-alive repeat and camera idle timeout are set far beyond the wait, so only
 * the bytes sent right after the JPEG can end its part for the browser.
 */
class MjpegImgBrowserIT {
    /** The test page's script: an img on the stream, and its centre pixel read back as "r,g,b". */
    static final String ADD_IMG =
            """
            document.body.innerHTML = '';
            const img = document.createElement('img');
            img.id = 'live';
            img.src = arguments[0];
            document.body.appendChild(img);
            """;

    static final String CENTRE_PIXEL =
            """
            const img = document.getElementById('live');
            if (!img || !img.complete && !img.naturalWidth || !img.naturalWidth) return 'none';
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d', {willReadFrequently: true});
            g.drawImage(img, 0, 0);
            const d = g.getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
            return d[0] + ',' + d[1] + ',' + d[2];
            """;

    private static EmbeddedServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        server =
                EmbeddedServer.start(
                        ConfigLoader.load(
                                Map.of(),
                                Map.of(),
                                new Properties(),
                                new String[] {
                                    "--http.port=0",
                                    "--ingest.port=0",
                                    "--ingest.host=127.0.0.1",
                                    "--mjpeg.repeat=10m",
                                    "--camera.idle.timeout=10m"
                                }));
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        HeadlessChromium.stopBoth(chromium, server);
    }

    @Test
    void eachJpegIsPaintedBeforeTheNextIsSent() throws Exception {
        try (Socket camera = camera(server.ingestPort(), "imgpaint")) {
            sendJpeg(camera, Color.RED);
            String base = "http://127.0.0.1:" + server.httpPort();
            chromium.driver().get(base + "/readyz");
            chromium.driver().executeScript(ADD_IMG, base + "/mjpeg/imgpaint");
            awaitColour(Color.RED, "the first JPEG, with nothing after it");
            for (Color next : List.of(Color.BLUE, Color.GREEN, Color.RED)) {
                sendJpeg(camera, next);
                awaitColour(next, "the next JPEG, " + next + ", with nothing after it");
            }
        }
    }

    private static void awaitColour(Color colour, String context) {
        String seen =
                chromium.waiting()
                        .withMessage(() -> context)
                        .until(
                                d -> {
                                    String rgb =
                                            (String) chromium.driver().executeScript(CENTRE_PIXEL);
                                    return close(rgb, colour) ? rgb : null;
                                });
        assertEquals(true, close(seen, colour), context);
    }

    /** Whether "r,g,b" is within JPEG's error of {@code colour}. */
    static boolean close(String rgb, Color colour) {
        if (rgb == null || !rgb.contains(",")) {
            return false;
        }
        String[] c = rgb.split(",");
        return Math.abs(Integer.parseInt(c[0]) - colour.getRed()) < 40
                && Math.abs(Integer.parseInt(c[1]) - colour.getGreen()) < 40
                && Math.abs(Integer.parseInt(c[2]) - colour.getBlue()) < 40;
    }

    /** A length-framed MJPEG camera on the relay's ingest port, handshake answered. */
    static Socket camera(int port, String name) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.getOutputStream()
                .write(
                        ("STREAM " + name + " mjpeg framing=length\n")
                                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            answer.append((char) b);
        }
        assertEquals("OK", answer.toString().trim());
        return socket;
    }

    /** One solid-colour 160x120 JPEG, length-framed. */
    static void sendJpeg(Socket camera, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 160, 120);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        OutputStream out = camera.getOutputStream();
        out.write(
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(jpeg.size()).array());
        jpeg.writeTo(out);
        out.flush();
    }
}

package dev.camrelay.bench;

import static dev.camrelay.bench.FrameTag.TAG_LEN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames the publishers send, each with room for a {@link FrameTag} at {@code tagOffsets[i]}.
 * The arrays are reused: publishers overwrite the tag in place before each send.
 *
 * <p>MJPEG: a COM segment right after SOI of a real JPEG, padded to size by a second COM segment.
 * H.264: an SEI user_data_unregistered NAL put in front of each access unit of the bundled test
 * clip, padded to size by a filler-data NAL. TS: see {@link Ts}.
 */
record FrameTemplates(List<byte[]> frames, int[] tagOffsets) {

    static FrameTemplates build(BenchOptions o) throws IOException {
        int size = o.frameKb() * 1024;
        if (o.mjpeg()) {
            byte[] jpeg = realJpeg();
            // SOI, COM(tag), COM(padding), rest of the real JPEG (from after its SOI)
            int fixed = 2 + 4 + TAG_LEN + jpeg.length - 2;
            int pad = Math.max(0, size - fixed - 4);
            if (pad > 65533)
                throw new IllegalArgumentException("frame too large for one padding segment");
            ByteBuffer b = ByteBuffer.allocate(fixed + 4 + pad);
            b.put((byte) 0xFF).put((byte) 0xD8);
            b.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + TAG_LEN));
            int tagOff = b.position();
            b.put(new byte[TAG_LEN]);
            b.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + pad));
            byte[] p = new byte[pad];
            Arrays.fill(p, (byte) 'x');
            b.put(p);
            b.put(jpeg, 2, jpeg.length - 2);
            List<byte[]> out = new ArrayList<>();
            out.add(b.array());
            return new FrameTemplates(out, new int[] {tagOff});
        }
        if (o.h264()) {
            byte[] clip = Files.readAllBytes(Path.of(o.h264Clip()));
            List<byte[]> aus = H264.accessUnits(clip);
            List<byte[]> out = new ArrayList<>();
            int[] offs = new int[aus.size()];
            byte[] uuid = "CAMRELAY-BENCH-1".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < aus.size(); i++) {
                byte[] au = aus.get(i);
                // SEI: start code, NAL header 0x06, payloadType 5, payloadSize 16+36, uuid, tag,
                // rbsp stop bit
                int seiLen = 4 + 1 + 1 + 1 + 16 + TAG_LEN + 1;
                int fill = Math.max(0, size - au.length - seiLen - 6);
                ByteBuffer b = ByteBuffer.allocate(seiLen + au.length + (fill > 0 ? fill + 6 : 0));
                b.put(new byte[] {0, 0, 0, 1, 0x06, 0x05, (byte) (16 + TAG_LEN)}).put(uuid);
                offs[i] = b.position();
                b.put(new byte[TAG_LEN]).put((byte) 0x80);
                b.put(au);
                if (fill > 0) { // filler data NAL (type 12): 0xFF... then rbsp stop bit
                    b.put(new byte[] {0, 0, 0, 1, 0x0C});
                    byte[] f = new byte[fill];
                    Arrays.fill(f, (byte) 0xFF);
                    b.put(f).put((byte) 0x80);
                }
                out.add(b.array());
            }
            System.err.println("h264: " + aus.size() + " access units from " + o.h264Clip());
            return new FrameTemplates(out, offs);
        }
        if (o.ts()) return Ts.templates(Files.readAllBytes(Path.of(o.tsClip())), size);
        throw new IllegalArgumentException("format not supported by this tool yet: " + o.format());
    }

    /** A real (decodable) JPEG, so that viewers and the relay see what a camera would send. */
    static byte[] realJpeg() throws IOException {
        var img =
                new java.awt.image.BufferedImage(
                        320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        for (int i = 0; i < 8; i++) {
            g.setColor(java.awt.Color.getHSBColor(i / 8f, 0.8f, 0.9f));
            g.fillRect(i * 40, 0, 40, 240);
        }
        g.setColor(java.awt.Color.BLACK);
        g.drawString("camrelay bench", 10, 120);
        g.dispose();
        var bos = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpg", bos);
        return bos.toByteArray();
    }
}

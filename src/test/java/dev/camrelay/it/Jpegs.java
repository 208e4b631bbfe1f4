package dev.camrelay.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test JPEGs from the committed ffmpeg fixtures. */
final class Jpegs {
    private Jpegs() {}

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Jpegs.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    /**
     * The 8 frames of testsrc-160x120.mjpeg. ffmpeg's JPEGs carry no embedded thumbnails, so for
     * this file (only) splitting before each FF D8 FF is exact, and independent of our splitter.
     */
    static List<byte[]> testsrc() throws IOException {
        byte[] all = resource("testsrc-160x120.mjpeg");
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < all.length; i++) {
            if ((all[i] & 0xFF) == 0xFF
                    && (all[i + 1] & 0xFF) == 0xD8
                    && (all[i + 2] & 0xFF) == 0xFF) {
                starts.add(i);
            }
        }
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : all.length;
            frames.add(Arrays.copyOfRange(all, starts.get(i), end));
        }
        return frames;
    }

    /** A valid JPEG of about {@code size} bytes: a fixture padded with comment (COM) segments. */
    static byte[] padded(byte[] jpeg, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + jpeg.length);
        out.write(jpeg, 0, 2);
        int remaining = size - jpeg.length;
        while (remaining > 4) {
            int segment = Math.min(65533, remaining - 4);
            out.write(0xFF);
            out.write(0xFE);
            out.write((segment + 2) >> 8);
            out.write((segment + 2) & 0xFF);
            out.write(new byte[segment], 0, segment);
            remaining -= segment + 4;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}

package dev.camrelay.media;

import java.util.Optional;

/** Picture size read from a JPEG's start-of-frame segment. */
public record JpegInfo(int width, int height) {

    /**
     * Walks the marker segments of a whole JPEG up to its SOF; empty when there is none before SOS.
     */
    public static Optional<JpegInfo> parse(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int code = jpeg[i + 1] & 0xFF;
            if (code == 0xFF) {
                i++;
                continue;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            boolean startOfFrame =
                    code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
            if (startOfFrame && i + 9 <= jpeg.length) {
                int height = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
                int width = ((jpeg[i + 7] & 0xFF) << 8) | (jpeg[i + 8] & 0xFF);
                return Optional.of(new JpegInfo(width, height));
            }
            if (code == 0xDA || length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    /**
     * A cheap plausibility check for a length-framed JPEG: it starts with SOI and has an EOI near
     * its end (some cameras pad a few bytes after it). Anything else would show as a broken image.
     */
    public static boolean looksComplete(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return false;
        }
        for (int i = jpeg.length - 2; i >= Math.max(2, jpeg.length - 64); i--) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }
}

package dev.camrelay.web;

import dev.camrelay.media.Quality;
import dev.camrelay.stream.AutoQualityPolicy;
import dev.camrelay.stream.DropCounter;
import dev.camrelay.stream.ThinnedQueue;
import dev.camrelay.stream.ViewerQueue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a viewer asked for in its URL: {@code ?quality=low|high|auto} (high when absent; auto
 * follows the viewer's own delivery between the renditions), {@code ?fps=N} (at most N frames a
 * second, 1-60; e.g. 2 for a grid thumbnail) and {@code ?keyframes=only} (H.264/TS: keyframes only,
 * each decodable alone) and {@code ?format=fmp4} (H.264 as fragmented MP4 for Media Source
 * Extensions instead of Annex B). Values that are not understood are ignored: the viewer gets the
 * full stream in high quality.
 */
public record ViewerOptions(
        Quality quality, boolean autoQuality, int maxFps, boolean keyframesOnly, boolean fmp4) {
    private static final int MAX_FPS = 60;

    public static ViewerOptions from(Map<String, List<String>> parameters) {
        return of(
                parameter(parameters, "quality"),
                parameter(parameters, "fps"),
                parameter(parameters, "keyframes"),
                parameter(parameters, "format"));
    }

    public static ViewerOptions fromServletParameters(Map<String, String[]> parameters) {
        return of(
                first(parameters, "quality"),
                first(parameters, "fps"),
                first(parameters, "keyframes"),
                first(parameters, "format"));
    }

    private static ViewerOptions of(String quality, String fps, String keyframes, String format) {
        boolean auto = quality != null && "auto".equals(quality.toLowerCase(Locale.ROOT));
        return new ViewerOptions(
                auto ? Quality.HIGH : Quality.fromParameter(quality),
                auto,
                fps(fps),
                "only".equals(keyframes),
                "fmp4".equals(format));
    }

    /**
     * The policy that moves this viewer between renditions, or null when it asked for a fixed
     * quality.
     */
    /**
     * Whether this viewer gets the stream's audio: fMP4 at the full rate only, since a thinned
     * viewer's audio would be dropped and a player would wait for the missing sound.
     */
    public boolean audio() {
        return fmp4 && !keyframesOnly && maxFps == 0;
    }

    public AutoQualityPolicy autoPolicy(AutoQualityPolicy configured) {
        return autoQuality ? configured : null;
    }

    /**
     * Wraps a viewer's bounded queue in the thinning its {@code ?fps=} and {@code ?keyframes=} ask
     * for.
     */
    public ViewerQueue thin(ViewerQueue bounded, boolean framesStandAlone, DropCounter drops) {
        return ThinnedQueue.of(bounded, framesStandAlone, maxFps, keyframesOnly, drops);
    }

    private static int fps(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int fps = Integer.parseInt(value.trim());
            return fps >= 1 && fps <= MAX_FPS ? fps : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** The first value of a WebSocket request parameter, or null. */
    public static String parameter(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

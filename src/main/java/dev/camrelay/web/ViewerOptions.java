package dev.camrelay.web;

import java.util.List;
import java.util.Map;

/**
 * What a viewer asked for in its URL: {@code ?fps=N} (at most N frames a second, 1-60; e.g. 2 for a
 * grid thumbnail) and {@code ?keyframes=only} (H.264/TS: keyframes only, each decodable alone).
 * Values that are not understood are ignored: the viewer gets the full stream.
 */
public record ViewerOptions(int maxFps, boolean keyframesOnly) {
    private static final int MAX_FPS = 60;

    public static ViewerOptions from(Map<String, List<String>> parameters) {
        return new ViewerOptions(fps(parameter(parameters, "fps")), "only".equals(parameter(parameters, "keyframes")));
    }

    public static ViewerOptions fromServletParameters(Map<String, String[]> parameters) {
        String[] fps = parameters.get("fps");
        String[] keyframes = parameters.get("keyframes");
        return new ViewerOptions(fps(fps == null || fps.length == 0 ? null : fps[0]),
                keyframes != null && keyframes.length > 0 && "only".equals(keyframes[0]));
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

    /** The first value of a WebSocket request parameter, or null. */
    public static String parameter(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

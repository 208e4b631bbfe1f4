package dev.camrelay.stream;

import java.util.List;
import java.util.Map;

/** A consistent view of one stream's state and counters, for the API and metrics. */
public record StreamSnapshot(
        String name,
        String quality,
        String format,
        String codec,
        String state,
        Integer width,
        Integer height,
        double fpsIn,
        int viewers,
        long framesIn,
        long bytesIn,
        long framesOut,
        long bytesOut,
        long framesDropped,
        Map<String, Long> droppedByReason,
        Long frameAgeMs,
        Map<String, Long> qualitySwitches,
        List<ViewerSnapshot> autoViewers) {
}

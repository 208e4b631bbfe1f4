package dev.camrelay.stream;

import java.util.List;
import java.util.Map;

/**
 * A consistent view of one stream's state and counters, for the API and metrics. {@code node} names
 * the relay node the camera is connected to when several nodes share a cluster (null on a single
 * node).
 */
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
        List<ViewerSnapshot> autoViewers,
        String node) {

    /** A stream of this node, before the listing says which node that is. */
    public StreamSnapshot(
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
        this(
                name,
                quality,
                format,
                codec,
                state,
                width,
                height,
                fpsIn,
                viewers,
                framesIn,
                bytesIn,
                framesOut,
                bytesOut,
                framesDropped,
                droppedByReason,
                frameAgeMs,
                qualitySwitches,
                autoViewers,
                null);
    }

    public StreamSnapshot withNode(String ingestNode) {
        return new StreamSnapshot(
                name,
                quality,
                format,
                codec,
                state,
                width,
                height,
                fpsIn,
                viewers,
                framesIn,
                bytesIn,
                framesOut,
                bytesOut,
                framesDropped,
                droppedByReason,
                frameAgeMs,
                qualitySwitches,
                autoViewers,
                ingestNode);
    }
}

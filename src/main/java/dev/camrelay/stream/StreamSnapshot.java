package dev.camrelay.stream;

import java.util.List;
import java.util.Map;

/**
 * A consistent view of one stream's state and counters, for the API and metrics. {@code node} names
 * the relay node the camera is connected to when several nodes share a cluster (null on a single
 * node). {@code source} is the pulled camera behind the stream (null for a pushed one).
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
        String node,
        PulledSource source) {

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
                null,
                null);
    }

    /** A configured camera that has no stream yet (it never sent a picture, or not lately). */
    public static StreamSnapshot unpublished(
            String name, String quality, String format, PulledSource source) {
        return new StreamSnapshot(
                name,
                quality,
                format,
                null,
                StreamState.OFFLINE.wireName(),
                null,
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                Map.of(),
                null,
                Map.of("down", 0L, "up", 0L),
                List.of(),
                null,
                source);
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
                ingestNode,
                source);
    }

    public StreamSnapshot withSource(PulledSource pulled) {
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
                node,
                pulled);
    }
}

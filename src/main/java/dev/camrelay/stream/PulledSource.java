package dev.camrelay.stream;

import dev.camrelay.media.Quality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera the relay pulls a stream from, as the stream listing shows it: its title and where the
 * pull stands. Never holds the camera's URL or credentials.
 *
 * @param title the configured title (the stream name when none is given)
 * @param state "connecting", "live", "offline", "unauthorized" or "unreachable"
 * @param reason the last failure in words, empty while live
 */
public record PulledSource(String title, String state, String reason) {

    /**
     * The listing with each pulled camera's state on its stream, plus an entry of format {@code
     * format} for every pulled rendition that has no stream (never connected, or gone past the
     * offline grace), so a camera that is down still shows why.
     */
    public static List<StreamSnapshot> annotate(
            List<StreamSnapshot> listing, Map<StreamKey, PulledSource> sources, String format) {
        Map<StreamKey, PulledSource> missing = new LinkedHashMap<>(sources);
        List<StreamSnapshot> all = new ArrayList<>();
        for (StreamSnapshot stream : listing) {
            PulledSource source =
                    missing.remove(
                            new StreamKey(stream.name(), Quality.fromParameter(stream.quality())));
            all.add(source == null ? stream : stream.withSource(source));
        }
        missing.forEach(
                (key, source) ->
                        all.add(
                                StreamSnapshot.unpublished(
                                        key.name(), key.quality().wireName(), format, source)));
        all.sort(
                Comparator.comparing(StreamSnapshot::name)
                        .thenComparing(s -> Quality.fromParameter(s.quality())));
        return all;
    }
}

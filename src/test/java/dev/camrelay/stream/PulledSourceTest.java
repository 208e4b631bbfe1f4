package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PulledSourceTest {
    private final StreamRegistry registry =
            new StreamRegistry(8, 8, Duration.ofSeconds(60), Duration.ofSeconds(1), 1 << 20);

    @Test
    void aPulledStreamCarriesItsSourceAndAPushedOneDoesNot() throws Exception {
        registry.publish(new StreamKey("door", Quality.HIGH), Format.H264);
        registry.publish(new StreamKey("pushed", Quality.HIGH), Format.MJPEG);
        PulledSource live = new PulledSource("Front door", "live", "");

        List<StreamSnapshot> listed =
                PulledSource.annotate(
                        registry.listing(),
                        Map.of(new StreamKey("door", Quality.HIGH), live),
                        "h264");

        assertEquals(List.of("door", "pushed"), listed.stream().map(StreamSnapshot::name).toList());
        assertEquals(live, listed.get(0).source());
        assertEquals("live", listed.get(0).state());
        assertNull(listed.get(1).source());
    }

    @Test
    void aSourceWithoutAStreamIsListedOfflineWithItsStateAndReason() throws Exception {
        registry.publish(new StreamKey("yard", Quality.HIGH), Format.H264);
        Map<StreamKey, PulledSource> sources = new LinkedHashMap<>();
        PulledSource refused = new PulledSource("Gate", "unauthorized", "401 Unauthorized");
        PulledSource down = new PulledSource("Gate", "unreachable", "ConnectException: refused");
        sources.put(new StreamKey("gate", Quality.LOW), down);
        sources.put(new StreamKey("gate", Quality.HIGH), refused);

        List<StreamSnapshot> listed = PulledSource.annotate(registry.listing(), sources, "h264");

        assertEquals(
                List.of("gate/low", "gate/high", "yard/high"),
                listed.stream().map(s -> s.name() + "/" + s.quality()).toList());
        assertEquals(down, listed.get(0).source(), "sorted like the registry: low first");
        StreamSnapshot gate = listed.get(1);
        assertEquals("offline", gate.state());
        assertEquals("h264", gate.format());
        assertEquals(0, gate.viewers());
        assertNull(gate.frameAgeMs());
        assertEquals(refused, gate.source());
        assertNull(listed.get(2).source());
    }
}

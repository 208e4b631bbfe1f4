package dev.camrelay.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import dev.camrelay.stream.StreamSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The directory's view of other nodes: fresh, stale (offline) and forgotten heartbeats, its own
 * node, external topics.
 */
class DirectoryTest {
    private static final long TIMEOUT_MS = 5_000;
    private static final long FORGET_MS = 65_000;
    private static final StreamKey CAM = new StreamKey("cam", Quality.HIGH);

    private final Directory directory = new Directory("me", TIMEOUT_MS, FORGET_MS);

    @Test
    void aFreshHeartbeatIsLiveAStaleOneOfflineAndAnOldOneForgotten() {
        long now = System.currentTimeMillis();
        directory.heard(presence("a", "cam", "live"), now);
        assertTrue(directory.find(CAM).orElseThrow().live());
        assertEquals("a", directory.find(CAM).orElseThrow().node());

        directory.heard(presence("a", "cam", "live"), now - TIMEOUT_MS - 1);
        assertFalse(
                directory.find(CAM).orElseThrow().live(),
                "a node silent past the timeout has its cameras offline");
        assertEquals("offline", directory.list().get(0).state());

        directory.heard(presence("a", "cam", "live"), now - FORGET_MS - 1);
        assertTrue(directory.find(CAM).isEmpty(), "and after the grace it is forgotten");
        assertEquals(List.of(), directory.list());
    }

    @Test
    void ownHeartbeatsAreNotRemoteAndALiveAnnouncementWins() {
        long now = System.currentTimeMillis();
        directory.heard(presence("me", "cam", "live"), now);
        assertTrue(directory.find(CAM).isEmpty(), "this node's own cameras are not remote");
        directory.heard(presence("old", "cam", "offline"), now);
        directory.heard(presence("new", "cam", "live"), now);
        assertEquals(
                "new",
                directory.find(CAM).orElseThrow().node(),
                "the node where the camera is live now");
        directory.left("new");
        assertEquals("old", directory.find(CAM).orElseThrow().node());
        assertFalse(directory.find(CAM).orElseThrow().live());
    }

    @Test
    void externalTopicsAreListedAndAnnouncedTopicsAreKnown() {
        StreamTopic topic = StreamTopic.parse("ext1_h264_low").orElseThrow();
        Presence.Announced info =
                new Presence.Announced(
                        "ext1", "low", "h264", "live", null, null, null, 0, topic.topic());
        directory.external(
                Map.of(topic.key(), new Directory.Remote(topic, Directory.EXTERNAL, true, info)));
        StreamSnapshot listed = directory.list().get(0);
        assertEquals("external", listed.node());
        assertEquals(
                Format.H264,
                directory.find(new StreamKey("ext1", Quality.LOW)).orElseThrow().topic().format());
        assertTrue(directory.find(new StreamKey("ext1", Quality.LOW)).orElseThrow().external());

        directory.heard(presence("a", "cam", "live"), System.currentTimeMillis());
        assertTrue(directory.announced("cam_mjpg_high"));
        assertFalse(directory.announced("ext1_h264_low"));
    }

    @Test
    void keyframeOffsetsAreKeptPerTopic() {
        assertTrue(directory.keyframeOffset("cam_h264_high").isEmpty());
        directory.keyframe("cam_h264_high", 40);
        directory.keyframe("cam_h264_high", 52);
        assertEquals(
                52,
                directory.keyframeOffset("cam_h264_high").getAsLong(),
                "the last value per key wins, as compaction keeps it");
    }

    private static Presence presence(String node, String stream, String state) {
        return new Presence(
                node,
                List.of(
                        new Presence.Announced(
                                stream,
                                "high",
                                "mjpeg",
                                state,
                                null,
                                160,
                                120,
                                10.0,
                                StreamTopic.of(new StreamKey(stream, Quality.HIGH), Format.MJPEG)
                                        .topic())));
    }
}

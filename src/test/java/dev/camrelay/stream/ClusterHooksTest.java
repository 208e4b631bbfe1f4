package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the registry offers a cluster: the camera-only frame tap, cluster publications, misses,
 * retiring and the listing.
 */
class ClusterHooksTest {
    private static final StreamKey CAM = new StreamKey("cam1", Quality.HIGH);

    private final StreamRegistry registry =
            new StreamRegistry(4, 3, Duration.ofSeconds(3), Duration.ofHours(1), 1 << 20);
    private final List<Long> tapped = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    private List<StreamSnapshot> remote = List.of();

    ClusterHooksTest() {
        registry.joinCluster(
                (stream, frame) -> tapped.add(frame.sequence()),
                new RemoteStreams() {
                    @Override
                    public Optional<LiveStream> open(StreamRegistry streams, StreamKey key) {
                        opened.add(key.toString());
                        return key.name().startsWith("remote") && key.quality() == Quality.LOW
                                ? streams.publishFromCluster(key, Format.MJPEG)
                                        .map(Publication::stream)
                                : Optional.empty();
                    }

                    @Override
                    public List<StreamSnapshot> list() {
                        return remote;
                    }

                    @Override
                    public String localNode() {
                        return "here";
                    }
                });
    }

    @Test
    void onlyCameraFramesAreTapped() throws Exception {
        Publication fromCluster = registry.publishFromCluster(CAM, Format.MJPEG).orElseThrow();
        fromCluster.publish(new byte[] {1}, true);
        assertEquals(List.of(), tapped, "a frame read from the cluster is never sent back");
        assertEquals(Origin.CLUSTER, fromCluster.stream().origin());

        Publication camera = registry.publish(CAM, Format.MJPEG);
        assertSame(
                fromCluster.stream(),
                camera.stream(),
                "a camera here takes the stream over, viewers and all");
        assertFalse(fromCluster.isCurrent());
        camera.publish(new byte[] {2}, true);
        assertEquals(List.of(2L), tapped);
        assertEquals(Origin.CAMERA, camera.stream().origin());
    }

    @Test
    void theClusterNeverTakesAStreamFromALiveCamera() throws Exception {
        Publication camera = registry.publish(CAM, Format.MJPEG);
        assertEquals(Optional.empty(), registry.publishFromCluster(CAM, Format.MJPEG));
        assertTrue(camera.isCurrent());
        camera.end();
        assertTrue(
                registry.publishFromCluster(CAM, Format.MJPEG).isPresent(),
                "once the camera left, the cluster may feed it");
    }

    @Test
    void aMissAsksTheClusterAndAHitDoesNot() throws Exception {
        registry.publish(CAM, Format.MJPEG);
        assertTrue(registry.find("cam1", Quality.HIGH).isPresent());
        assertEquals(List.of(), opened);
        LiveStream remoteCam = registry.find("remote2", Quality.LOW).orElseThrow();
        assertEquals(List.of("remote2/low"), opened);
        assertSame(
                remoteCam, registry.find("remote2", Quality.LOW).orElseThrow(), "then it is local");
        assertEquals(List.of("remote2/low"), opened);
        assertEquals(Optional.empty(), registry.get(new StreamKey("cam3", Quality.HIGH)));
        assertEquals(List.of("remote2/low"), opened, "get never asks");
    }

    @Test
    void theClusterIsAskedForTheExactRenditionBeforeFallingBackToTheOtherOne() throws Exception {
        LiveStream high =
                registry.publish(new StreamKey("remote1", Quality.HIGH), Format.MJPEG).stream();
        LiveStream low = registry.find("remote1", Quality.LOW).orElseThrow();
        assertEquals(
                Quality.LOW,
                low.key().quality(),
                "the cluster's low rendition, not this node's high one");
        assertSame(high, registry.find("remote1", Quality.HIGH).orElseThrow());
        registry.publish(new StreamKey("camx", Quality.HIGH), Format.MJPEG);
        assertEquals(
                Quality.HIGH,
                registry.find("camx", Quality.LOW).orElseThrow().key().quality(),
                "with no low rendition anywhere, the other one");
        assertEquals(List.of("remote1/low", "camx/low"), opened);
    }

    @Test
    void retireRemovesOnlyAStreamNobodyWatches() throws Exception {
        LiveStream stream = registry.publishFromCluster(CAM, Format.MJPEG).orElseThrow().stream();
        RecordingSubscriber viewer = new RecordingSubscriber();
        assertTrue(stream.attach(viewer));
        assertFalse(registry.retire(stream));
        stream.detach(viewer);
        assertTrue(registry.retire(stream));
        assertEquals(Optional.empty(), registry.get(CAM));
        assertFalse(stream.attach(new RecordingSubscriber()), "a retired stream takes no viewers");
    }

    @Test
    void listingNamesTheIngestingNodeAndAddsStreamsKnownOnlyElsewhere() throws Exception {
        registry.publish(CAM, Format.MJPEG);
        registry.publishFromCluster(new StreamKey("cam2", Quality.HIGH), Format.MJPEG);
        remote = List.of(remote("cam2", "there"), remote("cam3", "there"));
        List<StreamSnapshot> listing = registry.listing();
        assertEquals(
                List.of("cam1", "cam2", "cam3"),
                listing.stream().map(StreamSnapshot::name).toList());
        assertEquals(
                List.of("here", "there", "there"),
                listing.stream().map(StreamSnapshot::node).toList());
        assertNull(registry.snapshots().get(0).node(), "snapshots (metrics) stay this node's own");
    }

    @Test
    void aCameraThatLeftForAnotherNodeIsListedWhereItIsLive() throws Exception {
        Publication camera = registry.publish(CAM, Format.MJPEG);
        camera.end();
        remote = List.of(remote("cam1", "there"));
        StreamSnapshot listed = registry.listing().get(0);
        assertEquals("there", listed.node());
        assertEquals("live", listed.state());
    }

    private static StreamSnapshot remote(String name, String node) {
        return new StreamSnapshot(
                name, "high", "mjpeg", null, "live", null, null, 0, 0, 0, 0, 0, 0, 0, Map.of(),
                null, Map.of(), List.of(), node, null);
    }
}

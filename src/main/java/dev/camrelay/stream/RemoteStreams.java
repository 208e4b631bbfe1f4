package dev.camrelay.stream;

import java.util.List;
import java.util.Optional;

/**
 * Streams ingested elsewhere (other nodes, external producers), as the registry sees them. The
 * registry asks on a lookup miss, so the web side finds a remote camera like a local one.
 */
public interface RemoteStreams {
    /** No cluster: a single node. */
    RemoteStreams NONE =
            new RemoteStreams() {
                @Override
                public Optional<LiveStream> open(StreamRegistry registry, StreamKey key) {
                    return Optional.empty();
                }

                @Override
                public List<StreamSnapshot> list() {
                    return List.of();
                }

                @Override
                public String localNode() {
                    return null;
                }
            };

    /**
     * A viewer asked for a stream (this exact rendition) that this node does not hold: if it is
     * known elsewhere, create it locally now (origin {@link Origin#CLUSTER}) and start feeding it;
     * must not block for long.
     */
    Optional<LiveStream> open(StreamRegistry registry, StreamKey key);

    /** Streams known elsewhere, with their node, for the listing. */
    List<StreamSnapshot> list();

    /** This node's name in the listing, or null on a single node. */
    String localNode();
}

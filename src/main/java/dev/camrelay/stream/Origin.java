package dev.camrelay.stream;

/**
 * Where a stream's current publisher gets its frames. Only {@link #CAMERA} frames are handed to the
 * registry's {@link FrameTap}, so a frame that came from another node is never sent back out (no
 * loops between nodes).
 */
public enum Origin {
    /** A camera connected to this node (TCP ingest or HTTP push). */
    CAMERA,
    /** Another node or an external producer, read back from the cluster. */
    CLUSTER
}

package dev.camrelay.stream;

import dev.camrelay.media.Frame;

/**
 * Sees every frame a camera of this node publishes, without being a viewer: no join cache, no stall
 * checks, not counted in the viewers. Called under the stream's lock on the publishing thread, so
 * it must only enqueue: never block, never do I/O.
 */
public interface FrameTap {
    void frame(LiveStream stream, Frame frame);
}

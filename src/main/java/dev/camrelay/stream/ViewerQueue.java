package dev.camrelay.stream;

import dev.camrelay.media.Frame;

/**
 * A viewer's bounded queue between the publisher (who offers under the stream lock and must never
 * block) and the viewer's single writer (who takes). Each implementation is a named drop policy.
 */
public interface ViewerQueue {
    /** Queues a frame for the live stream; returns how many frames this offer dropped. */
    int offer(Frame frame);

    /** Queues the join cache for a new viewer; returns how many frames were dropped. */
    default int offerJoin(Iterable<Frame> frames) {
        int dropped = 0;
        for (Frame frame : frames) {
            dropped += offer(frame);
        }
        return dropped;
    }

    /** The next frame to write, or null when the queue is empty. */
    Frame take();
}

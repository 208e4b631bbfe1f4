package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.List;
import java.util.Optional;

/** A viewer of one stream, as the hub sees it. */
public interface Subscriber {
    /**
     * Hands over a frame. Called under the stream's lock from the publishing thread: must never
     * block and never do I/O (queue the frame and schedule a write elsewhere).
     */
    void offer(Frame frame);

    /** Hands over the join cache when the viewer attaches (same rules as {@link #offer}). */
    default void offerJoin(List<Frame> frames) {
        frames.forEach(this::offer);
    }

    /**
     * True for a viewer that takes the stream's audio frames too ({@link Frame#audio()}); the
     * others never see one. Fixed for the subscriber's life.
     */
    default boolean wantsAudio() {
        return false;
    }

    /**
     * Called about once a second by housekeeping: close the viewer if its write has stalled too
     * long.
     */
    void checkStall(long nowNanos);

    /**
     * What the API shows of this viewer: only viewers with something to tell (on {@code
     * ?quality=auto}).
     */
    default Optional<ViewerSnapshot> describe() {
        return Optional.empty();
    }

    /** Ends the viewer because its stream is gone or the server stops; idempotent. */
    void close(String reason);
}

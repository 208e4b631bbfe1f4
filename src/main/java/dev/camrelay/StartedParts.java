package dev.camrelay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The parts of a start in progress, so that a failure partway closes what already started, newest
 * first, and leaves no thread or port behind. Used by the one thread that runs the start.
 */
final class StartedParts {
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Records a part that started; returns it, for use in the start's expressions. */
    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /**
     * Closes every recorded part, newest first; a failure to close is kept beside the start
     * failure.
     */
    void unwind(Exception failure) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}

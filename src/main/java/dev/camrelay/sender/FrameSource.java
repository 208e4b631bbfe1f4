package dev.camrelay.sender;

import java.io.IOException;

/**
 * Where a camera's JPEGs come from. Called by one thread only, the camera thread of the client that
 * owns it; {@link #close()} may come from another thread to unblock a read that is stuck.
 */
public interface FrameSource extends AutoCloseable {

    /** The next JPEG, blocking until there is one; null when the source has no more frames. */
    byte[] next() throws IOException;

    @Override
    void close() throws IOException;
}

package dev.camrelay.sender;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frames {@code frame-1}, {@code frame-2}, ... up to {@code limit} (then the end); the relay does
 * not parse them here.
 */
final class CountingSource implements FrameSource {
    private final int limit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int produced;

    CountingSource(int limit) {
        this.limit = limit;
    }

    static byte[] frame(int number) {
        return ("frame-" + number).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] next() {
        return produced < limit ? frame(++produced) : null;
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}

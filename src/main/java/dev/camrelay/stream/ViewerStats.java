package dev.camrelay.stream;

import java.util.concurrent.atomic.LongAdder;

/** Delivery counters of one stream, added to by every viewer's writer thread. */
public final class ViewerStats {
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();

    public void delivered(int bytes) {
        framesOut.increment();
        bytesOut.add(bytes);
    }

    public void dropped(int frames) {
        framesDropped.add(frames);
    }

    long framesOut() {
        return framesOut.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    long framesDropped() {
        return framesDropped.sum();
    }
}

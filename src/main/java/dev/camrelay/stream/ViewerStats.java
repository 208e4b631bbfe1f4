package dev.camrelay.stream;

import dev.camrelay.media.Quality;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Delivery counters of one stream, added to by the publisher and every viewer's writer thread. */
public final class ViewerStats implements DropCounter {
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final LongAdder switchedDown = new LongAdder();
    private final LongAdder switchedUp = new LongAdder();

    public ViewerStats() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    public void delivered(int bytes) {
        framesOut.increment();
        bytesOut.add(bytes);
    }

    @Override
    public void dropped(DropReason reason, int frames) {
        dropped.get(reason).add(frames);
    }

    /** A {@code ?quality=auto} viewer left this stream for the {@code target} rendition. */
    void switched(Quality target) {
        (target == Quality.LOW ? switchedDown : switchedUp).increment();
    }

    /** Viewers that left this rendition for the low one. */
    public long switchedDown() {
        return switchedDown.sum();
    }

    /** Viewers that left this rendition for the high one. */
    public long switchedUp() {
        return switchedUp.sum();
    }

    long framesOut() {
        return framesOut.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    long framesDropped() {
        long total = 0;
        for (LongAdder count : dropped.values()) {
            total += count.sum();
        }
        return total;
    }

    /** Frames dropped per reason since the stream started. */
    public Map<DropReason, Long> droppedByReason() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> out.put(reason, count.sum()));
        return out;
    }
}

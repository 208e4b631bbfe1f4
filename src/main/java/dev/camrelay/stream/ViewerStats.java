package dev.camrelay.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Delivery counters of one stream, added to by the publisher and every viewer's writer thread. */
public final class ViewerStats implements DropCounter {
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

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

package dev.camrelay.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the ingest side: written by the ingest thread, read by housekeeping (for the
 * aggregated log line) and by the API. LongAdder keeps the writer cheap.
 */
public final class IngestCounters {
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder garbageBytes = new LongAdder();
    private final LongAdder droppedFrames = new LongAdder();
    private final LongAdder acceptFailures = new LongAdder();
    private final LongAdder connectsNotLogged = new LongAdder();
    private final LongAdder disconnectsNotLogged = new LongAdder();
    private volatile int open;

    public IngestCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void connectionAccepted() {
        accepted.increment();
    }

    void handshakeDone() {
        published.increment();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void malformed(long garbage, long dropped) {
        garbageBytes.add(garbage);
        droppedFrames.add(dropped);
    }

    void acceptFailed() {
        acceptFailures.increment();
    }

    void connectNotLogged() {
        connectsNotLogged.increment();
    }

    void disconnectNotLogged() {
        disconnectsNotLogged.increment();
    }

    void openConnections(int count) {
        open = count;
    }

    public long acceptedConnections() {
        return accepted.sum();
    }

    public long handshakes() {
        return published.sum();
    }

    public int openConnections() {
        return open;
    }

    /** Times accept() failed (such as out of file descriptors) and accepting paused. */
    public long acceptFailures() {
        return acceptFailures.sum();
    }

    /** Camera connects past the log's per-second budget, counted instead of logged. */
    public long connectsNotLogged() {
        return connectsNotLogged.sum();
    }

    /** Camera disconnects past the log's per-second budget, counted instead of logged. */
    public long disconnectsNotLogged() {
        return disconnectsNotLogged.sum();
    }

    public long garbageBytes() {
        return garbageBytes.sum();
    }

    public long droppedFrames() {
        return droppedFrames.sum();
    }

    /** Connections ended per reason since start. */
    public Map<RejectReason, Long> rejections() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, count) -> out.put(reason, count.sum()));
        return out;
    }
}

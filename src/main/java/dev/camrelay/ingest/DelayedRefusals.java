package dev.camrelay.ingest;

import dev.camrelay.stream.PublishGate;
import java.nio.channels.SelectionKey;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Cameras refused for their token, answered and closed after the gate's random delay, so a
 * refusal's timing tells a guesser nothing and the ingest thread never sleeps. Bounded: when full,
 * the caller answers at once. Owned by the ingest thread.
 */
final class DelayedRefusals {
    static final int CAPACITY = 256;

    private record Refusal(
            long dueNanos,
            SelectionKey key,
            CameraConnection connection,
            IngestException failure) {}

    private final PriorityQueue<Refusal> due =
            new PriorityQueue<>(Comparator.comparingLong(Refusal::dueNanos));

    /** Holds the refused connection (no more reads) until its delay is over; false when full. */
    boolean hold(
            SelectionKey key, CameraConnection connection, IngestException failure, long nowNanos) {
        if (due.size() >= CAPACITY) {
            return false;
        }
        key.interestOps(0);
        connection.refused();
        long delay = TimeUnit.MILLISECONDS.toNanos(PublishGate.failureDelayMillis());
        due.add(new Refusal(nowNanos + delay, key, connection, failure));
        return true;
    }

    /** Answers the refusals that are due, then hands each to {@code end} to be closed. */
    void answerDue(long nowNanos, BiConsumer<SelectionKey, CameraConnection> end) {
        while (!due.isEmpty() && nowNanos - due.peek().dueNanos() >= 0) {
            Refusal refusal = due.poll();
            if (refusal.key().isValid()) {
                refusal.connection().sendError(refusal.failure());
                end.accept(refusal.key(), refusal.connection());
            }
        }
    }
}

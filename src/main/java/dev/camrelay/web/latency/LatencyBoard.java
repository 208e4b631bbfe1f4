package dev.camrelay.web.latency;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest latency report of each viewer, per stream, kept for {@code /api/streams}. Bounded: at
 * most {@link #MAX_VIEWERS} reporting viewers per stream and {@link #MAX_STREAMS} streams (a
 * reporter beyond either is refused and counted); a report older than {@link #EXPIRY_NANOS} no
 * longer counts, and a viewer may report once per {@link #MIN_INTERVAL_NANOS}. Nothing is logged
 * per report. Viewers' socket threads offer and forget; API requests read; one private lock.
 *
 * @param <K> the stream's key
 */
public final class LatencyBoard<K> {
    static final int MAX_VIEWERS = 256;
    static final int MAX_STREAMS = 1024;
    static final long EXPIRY_NANOS = 30_000_000_000L;
    static final long MIN_INTERVAL_NANOS = 2_000_000_000L;

    /** What became of an offered report. */
    public enum Outcome {
        ACCEPTED,
        TOO_SOON,
        FULL
    }

    private record Entry(LatencyReport report, long atNanos) {}

    /** One stream's reporters, oldest first, and its counters. */
    private static final class Board {
        final Map<Object, Entry> byViewer = new LinkedHashMap<>();
        long reports;
        long rejected;
    }

    private final Object lock = new Object();

    @GuardedBy("lock")
    private final Map<K, Board> boards = new HashMap<>();

    /** Records a viewer's report, replacing its previous one. */
    public Outcome offer(K stream, Object viewer, LatencyReport report, long nowNanos) {
        synchronized (lock) {
            Board board = boards.get(stream);
            if (board == null) {
                if (boards.size() >= MAX_STREAMS) {
                    return Outcome.FULL;
                }
                board = new Board();
                boards.put(stream, board);
            }
            expire(board, nowNanos);
            Entry last = board.byViewer.get(viewer);
            if (last != null && nowNanos - last.atNanos() < MIN_INTERVAL_NANOS) {
                board.rejected++;
                return Outcome.TOO_SOON;
            }
            if (last == null && board.byViewer.size() >= MAX_VIEWERS) {
                board.rejected++;
                return Outcome.FULL;
            }
            board.byViewer.remove(viewer);
            board.byViewer.put(viewer, new Entry(report, nowNanos));
            board.reports++;
            return Outcome.ACCEPTED;
        }
    }

    /** Counts a malformed report against the stream, if it has reporters. */
    public void rejectMalformed(K stream) {
        synchronized (lock) {
            Board board = boards.get(stream);
            if (board != null) {
                board.rejected++;
            }
        }
    }

    /** Drops a viewer that left; a stream with no reporter left is forgotten. */
    public void forget(K stream, Object viewer) {
        synchronized (lock) {
            Board board = boards.get(stream);
            if (board != null) {
                board.byViewer.remove(viewer);
                if (board.byViewer.isEmpty()) {
                    boards.remove(stream);
                }
            }
        }
    }

    /** The stream's current aggregate, or empty when no viewer reported within the expiry. */
    public Optional<ViewerLatency> summary(K stream, long nowNanos) {
        synchronized (lock) {
            Board board = boards.get(stream);
            if (board == null) {
                return Optional.empty();
            }
            expire(board, nowNanos);
            if (board.byViewer.isEmpty()) {
                boards.remove(stream);
                return Optional.empty();
            }
            double[] p50s =
                    board.byViewer.values().stream().mapToDouble(e -> e.report().p50Ms()).toArray();
            double worstP90 =
                    board.byViewer.values().stream()
                            .mapToDouble(e -> e.report().p90Ms())
                            .max()
                            .orElseThrow();
            return Optional.of(
                    new ViewerLatency(
                            p50s.length, median(p50s), worstP90, board.reports, board.rejected));
        }
    }

    /** The middle value, or the mean of the two middle values. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Reports are kept oldest first, so expiry stops at the first fresh one. */
    private static void expire(Board board, long nowNanos) {
        Iterator<Entry> entries = board.byViewer.values().iterator();
        while (entries.hasNext() && nowNanos - entries.next().atNanos() > EXPIRY_NANOS) {
            entries.remove();
        }
    }
}

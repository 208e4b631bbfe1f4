package dev.camrelay.web.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.web.latency.LatencyBoard.Outcome;
import org.junit.jupiter.api.Test;

class LatencyBoardTest {
    private static final long SECOND = 1_000_000_000L;

    private final LatencyBoard<String> board = new LatencyBoard<>();

    private static LatencyReport report(double p50, double p90) {
        return new LatencyReport(p50, p90, 300);
    }

    @Test
    void aggregatesTheLatestReportOfEachViewer() {
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        assertEquals(Outcome.ACCEPTED, board.offer("cam", a, report(10, 20), 0));
        assertEquals(Outcome.ACCEPTED, board.offer("cam", b, report(30, 90), SECOND));
        assertEquals(Outcome.ACCEPTED, board.offer("cam", c, report(20, 25), SECOND));
        assertEquals(Outcome.ACCEPTED, board.offer("cam", a, report(14, 40), 5 * SECOND));

        ViewerLatency summary = board.summary("cam", 6 * SECOND).orElseThrow();
        assertEquals(new ViewerLatency(3, 20, 90, 4, 0), summary);
        assertTrue(board.summary("other", 6 * SECOND).isEmpty());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(15, LatencyBoard.median(new double[] {20, 10}));
        assertEquals(20, LatencyBoard.median(new double[] {30, 10, 20}));
    }

    @Test
    void aViewerReportingTooOftenIsRefusedAndCounted() {
        Object a = new Object();
        board.offer("cam", a, report(10, 20), 0);
        assertEquals(
                Outcome.TOO_SOON,
                board.offer("cam", a, report(99, 99), LatencyBoard.MIN_INTERVAL_NANOS - 1));
        ViewerLatency summary = board.summary("cam", SECOND).orElseThrow();
        assertEquals(10, summary.medianP50Ms());
        assertEquals(1, summary.rejected());
        assertEquals(
                Outcome.ACCEPTED,
                board.offer("cam", a, report(99, 99), LatencyBoard.MIN_INTERVAL_NANOS));
    }

    @Test
    void reportsExpireAndLeavingViewersAreForgotten() {
        Object a = new Object();
        Object b = new Object();
        board.offer("cam", a, report(10, 20), 0);
        board.offer("cam", b, report(30, 40), 20 * SECOND);
        assertEquals(
                1, board.summary("cam", LatencyBoard.EXPIRY_NANOS + 1).orElseThrow().viewers());
        board.forget("cam", b);
        assertTrue(board.summary("cam", LatencyBoard.EXPIRY_NANOS + 1).isEmpty());
    }

    @Test
    void reportersPerStreamAreBounded() {
        for (int i = 0; i < LatencyBoard.MAX_VIEWERS; i++) {
            assertEquals(Outcome.ACCEPTED, board.offer("cam", new Object(), report(1, 2), 0));
        }
        assertEquals(Outcome.FULL, board.offer("cam", new Object(), report(1, 2), 0));
        ViewerLatency summary = board.summary("cam", 0).orElseThrow();
        assertEquals(LatencyBoard.MAX_VIEWERS, summary.viewers());
        assertEquals(1, summary.rejected());
    }

    @Test
    void streamsAreBounded() {
        for (int i = 0; i < LatencyBoard.MAX_STREAMS; i++) {
            board.offer("cam" + i, new Object(), report(1, 2), 0);
        }
        assertEquals(Outcome.FULL, board.offer("one-more", new Object(), report(1, 2), 0));
        assertTrue(board.summary("one-more", 0).isEmpty());
    }

    @Test
    void malformedReportsCountAgainstAStreamWithReporters() {
        board.rejectMalformed("nobody");
        assertTrue(board.summary("nobody", 0).isEmpty());
        board.offer("cam", new Object(), report(1, 2), 0);
        board.rejectMalformed("cam");
        assertEquals(1, board.summary("cam", 0).orElseThrow().rejected());
    }
}

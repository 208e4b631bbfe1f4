package dev.camrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritePumpTest {

    private static Frame frame(long sequence) {
        return new Frame(new byte[] {(byte) sequence}, sequence, 0, true);
    }

    /** A queue as the viewers use it: polled by the pump, filled by the test. */
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();

    @Test
    void synchronousCompletionsDrainEverythingInOrderWithoutRecursion() {
        int count = 100_000;
        for (int i = 1; i <= count; i++) {
            queue.add(frame(i));
        }
        List<Long> written = new ArrayList<>();
        int[] depth = {0};
        int[] maxDepth = {0};
        WritePump pump =
                new WritePump(
                        queue::poll,
                        (f, done) -> {
                            depth[0]++;
                            maxDepth[0] = Math.max(maxDepth[0], depth[0]);
                            written.add(f.sequence());
                            done.run(); // completes before returning, as a fast client does
                            depth[0]--;
                        },
                        Runnable::run);
        pump.iterate();
        assertEquals(count, written.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, written.get(i), "order at " + i);
        }
        assertEquals(1, maxDepth[0], "a write is never started from inside another write");
        assertTrue(queue.isEmpty());
        assertEquals(0, pump.writeStartedNanos(), "nothing in flight");

        queue.add(frame(count + 1));
        pump.iterate();
        assertEquals(
                count + 1, written.size(), "the pump went idle and restarts on the next iterate");
    }

    @Test
    void iterateWithAnEmptyQueueWritesNothing() {
        List<Frame> written = new ArrayList<>();
        WritePump pump =
                new WritePump(
                        queue::poll,
                        (f, done) -> {
                            written.add(f);
                            done.run();
                        },
                        Runnable::run);
        pump.iterate();
        pump.iterate();
        assertTrue(written.isEmpty());
        assertEquals(0, pump.writeStartedNanos());
    }

    /** A sink whose writes complete later, when the test says so. */
    private static final class DeferredSink implements WritePump.Sink {
        final List<Long> started = new ArrayList<>();
        Runnable pending;
        int inFlight;
        int maxInFlight;

        @Override
        public void write(Frame frame, Runnable done) {
            started.add(frame.sequence());
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            pending = done;
        }

        void complete() {
            Runnable done = pending;
            pending = null;
            inFlight--;
            done.run();
        }
    }

    @Test
    void asynchronousCompletionsKeepOneWriteInFlight() {
        DeferredSink sink = new DeferredSink();
        WritePump pump = new WritePump(queue::poll, sink, Runnable::run);
        assertEquals(0, pump.writeStartedNanos());

        queue.add(frame(1));
        pump.iterate();
        assertEquals(List.of(1L), sink.started);
        long firstStart = pump.writeStartedNanos();
        assertNotEquals(0, firstStart, "a write is in flight");

        queue.add(frame(2));
        pump.iterate();
        queue.add(frame(3));
        pump.iterate();
        assertEquals(List.of(1L), sink.started, "no second write while the first is in flight");
        assertEquals(firstStart, pump.writeStartedNanos(), "still the first write's start");

        sink.complete();
        assertEquals(List.of(1L, 2L), sink.started, "the completion starts the next write");
        assertNotEquals(0, pump.writeStartedNanos());

        sink.complete();
        assertEquals(List.of(1L, 2L, 3L), sink.started);
        sink.complete();
        assertEquals(List.of(1L, 2L, 3L), sink.started);
        assertNull(sink.pending, "nothing more to write");
        assertEquals(0, pump.writeStartedNanos(), "no write in flight");
        assertEquals(1, sink.maxInFlight);

        queue.add(frame(4));
        pump.iterate();
        assertEquals(List.of(1L, 2L, 3L, 4L), sink.started, "idle pump starts again");
        assertNotEquals(0, pump.writeStartedNanos());
        sink.complete();
        assertEquals(0, pump.writeStartedNanos());
    }

    @Test
    void frameQueuedDuringAWriteWithoutIterateIsPickedUpByTheCompletion() {
        DeferredSink sink = new DeferredSink();
        WritePump pump = new WritePump(queue::poll, sink, Runnable::run);
        queue.add(frame(1));
        pump.iterate();
        queue.add(frame(2)); // no iterate: the completion polls the queue anyway
        sink.complete();
        assertEquals(List.of(1L, 2L), sink.started);
        sink.complete();
        assertEquals(0, pump.writeStartedNanos());
    }

    @Test
    void mixedSynchronousAndDeferredCompletions() {
        List<Long> written = new ArrayList<>();
        Runnable[] pending = {null};
        WritePump pump =
                new WritePump(
                        queue::poll,
                        (f, done) -> {
                            written.add(f.sequence());
                            if (f.sequence() % 3 == 0) {
                                pending[0] = done; // every third write is slow
                            } else {
                                done.run();
                            }
                        },
                        Runnable::run);
        for (int i = 1; i <= 10; i++) {
            queue.add(frame(i));
        }
        pump.iterate();
        assertEquals(List.of(1L, 2L, 3L), written);
        pending[0].run();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), written);
        pending[0].run();
        pending[0].run();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), written);
        assertEquals(0, pump.writeStartedNanos());
    }

    @Test
    void thePublisherNeverWritesItself() {
        ArrayDeque<Frame> queue = new ArrayDeque<>(List.of(frame(1)));
        List<Runnable> submitted = new ArrayList<>();
        List<Frame> written = new ArrayList<>();
        WritePump pump =
                new WritePump(
                        queue::poll,
                        (f, done) -> {
                            written.add(f);
                            done.run();
                        },
                        submitted::add);
        pump.iterate();
        assertTrue(written.isEmpty(), "iterate only hands the viewer to the delivery executor");
        assertEquals(1, submitted.size());
        pump.iterate();
        assertEquals(1, submitted.size(), "a viewer already handed over is not handed over twice");
        submitted.get(0).run();
        assertEquals(1, written.size());
    }
}

package dev.camrelay.web;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.camrelay.media.Frame;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps exactly one write in flight per viewer, the way Jetty's IteratingCallback does: a
 * completion starts the next write, and a write that completes synchronously continues the loop
 * instead of recursing, so a fast client cannot grow the stack. {@link #iterate()} is called by the
 * publisher after queuing a frame: it never writes itself but hands an idle viewer to the delivery
 * executor, so the camera's thread does no per-viewer I/O however many viewers there are.
 * Completions continue on the thread that reports them. The state is guarded by a private lock,
 * never held during a write.
 */
public final class WritePump {
    /**
     * Starts writing a frame; must call {@code done} once when the write has completed (on any
     * thread, possibly before returning).
     */
    public interface Sink {
        void write(Frame frame, Runnable done);
    }

    private enum State {
        IDLE,
        PROCESSING,
        WRITING,
        COMPLETED_WHILE_PROCESSING
    }

    private final Supplier<Frame> queue;
    private final Sink sink;
    private final Executor delivery;

    /** Made once: a method reference per write would be an allocation per viewer per frame. */
    private final Runnable processTask = this::process;

    private final Runnable completion = this::completed;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private State state = State.IDLE;

    @GuardedBy("lock")
    private boolean again;

    private volatile long writeStartedNanos;

    public WritePump(Supplier<Frame> queue, Sink sink, Executor delivery) {
        this.queue = queue;
        this.sink = sink;
        this.delivery = delivery;
    }

    /**
     * Writes queued frames unless a write is already in flight (its completion will pick them up).
     */
    public void iterate() {
        synchronized (lock) {
            if (state != State.IDLE) {
                again = true;
                return;
            }
            state = State.PROCESSING;
        }
        delivery.execute(processTask);
    }

    /**
     * When the write in flight started ({@link System#nanoTime()}), or 0 when none is in flight.
     */
    public long writeStartedNanos() {
        return writeStartedNanos;
    }

    /**
     * True when a write has been in flight for longer than {@code limitNanos}: the viewer stopped
     * reading.
     */
    public boolean stalled(long nowNanos, long limitNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > limitNanos;
    }

    private void process() {
        while (true) {
            Frame frame = queue.get();
            if (frame == null) {
                synchronized (lock) {
                    if (again) {
                        again = false;
                        continue;
                    }
                    state = State.IDLE;
                    return;
                }
            }
            writeStartedNanos = System.nanoTime();
            sink.write(frame, completion);
            synchronized (lock) {
                if (state == State.COMPLETED_WHILE_PROCESSING) {
                    state = State.PROCESSING;
                    continue;
                }
                state = State.WRITING;
                return;
            }
        }
    }

    private void completed() {
        writeStartedNanos = 0;
        synchronized (lock) {
            if (state == State.PROCESSING) {
                state = State.COMPLETED_WHILE_PROCESSING;
                return;
            }
            state = State.PROCESSING;
        }
        process();
    }
}

package dev.camrelay.web;

import dev.camrelay.media.Frame;
import dev.camrelay.stream.ViewerFeed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's {@code multipart/x-mixed-replace} response. Frames wait in a latest-wins slot of
 * its {@link ViewerFeed}; the {@link WritePump} writes one part at a time with non-blocking servlet
 * I/O, continued from {@code onWritePossible} when the socket was not ready. A part is the frame's
 * shared direct buffer, written in one call by Jetty's {@link HttpOutput} (Servlet 6.0 has no
 * buffer write): no copy, no slicing, no flush needed. The viewer is attached before the response
 * is committed, but writes nothing until the first {@code onWritePossible}. A write stalled past
 * the limit ends this response only.
 */
final class MjpegHttpViewer implements ViewerFeed.Viewer, WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(MjpegHttpViewer.class);

    /** Set once the response is asynchronous; until then a close has nothing to complete. */
    private volatile AsyncContext async;

    private final HttpOutput out;
    private final ViewerFeed feed;
    private final long stallNanos;
    private final WritePump pump;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Set by the first onWritePossible: until then frames wait in the slot. */
    private volatile boolean writable;

    /**
     * The completion of the part being written; set by the writing thread, continued from
     * onWritePossible.
     */
    private Runnable partDone;

    private int partBytes;

    MjpegHttpViewer(HttpOutput out, ViewerFeed feed, long stallNanos, Executor delivery) {
        this.out = out;
        this.feed = feed;
        this.stallNanos = stallNanos;
        this.pump = new WritePump(feed::take, this::writePart, delivery);
    }

    /**
     * Goes asynchronous: writes begin at the first onWritePossible. A viewer closed meanwhile ends
     * at once.
     */
    void start(AsyncContext started) {
        async = started;
        started.addListener(this);
        out.setWriteListener(this);
        if (closed.get()) {
            complete(started);
        }
    }

    @Override
    public void wake() {
        if (writable) {
            pump.iterate();
        }
    }

    @Override
    public void onWritePossible() throws IOException {
        if (!writable) {
            writable = true;
            pump.iterate();
            return;
        }
        if (partDone != null) {
            continuePart();
        }
    }

    @Override
    public void checkStall(long nowNanos) {
        if (pump.stalled(nowNanos, stallNanos)) {
            close("write stalled for more than " + stallNanos / 1_000_000 + " ms");
        }
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.debug("MJPEG viewer of {} closed: {}", feed.stream().key(), reason);
            feed.detach();
            AsyncContext started = async;
            if (started != null) {
                complete(started);
            }
        }
    }

    private static void complete(AsyncContext started) {
        try {
            started.complete();
        } catch (IllegalStateException e) {
            LOG.debug("response of MJPEG viewer already complete", e);
        }
    }

    @Override
    public void onError(Throwable failure) {
        close("write failed: " + failure);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close("response complete");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close("async timeout");
    }

    @Override
    public void onError(AsyncEvent event) {
        close("response error: " + event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted: one async cycle per response
    }

    private void writePart(Frame frame, Runnable done) {
        if (closed.get()) {
            return;
        }
        partDone = done;
        try {
            ByteBuffer part = frame.multipartBuffer();
            partBytes = part.remaining();
            out.write(part);
            continuePart();
        } catch (IOException | IllegalStateException e) {
            close("write failed: " + e);
        }
    }

    private void continuePart() {
        if (!out.isReady()) {
            return;
        }
        Runnable done = partDone;
        partDone = null;
        feed.delivered(partBytes);
        done.run();
    }
}

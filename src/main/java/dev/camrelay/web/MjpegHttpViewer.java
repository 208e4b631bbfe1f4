package dev.camrelay.web;

import dev.camrelay.media.Frame;
import dev.camrelay.stream.ViewerFeed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's {@code multipart/x-mixed-replace} response. Frames wait in a latest-wins slot of its {@link ViewerFeed};
 * the {@link WritePump} writes one part at a time with non-blocking servlet I/O, continued from
 * {@code onWritePossible} when the socket was not ready. On the embedded Jetty a part is the
 * frame's shared direct buffer, written in one call ({@link BufferOutput}); elsewhere it is the
 * part's bytes, then a flush (without it the container would hold small parts back). A write
 * stalled past the limit ends this response only.
 */
final class MjpegHttpViewer implements ViewerFeed.Viewer, WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(MjpegHttpViewer.class);

    private final AsyncContext async;
    private final ServletOutputStream out;
    /** The zero-copy output, or null where the container does not offer one. */
    private final BufferOutput buffers;
    private final ViewerFeed feed;
    private final long stallNanos;
    private final WritePump pump;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean attached;
    /** The completion of the part being written; set by the writing thread, continued from onWritePossible. */
    private Runnable partDone;
    private boolean flushed;
    private int partBytes;

    MjpegHttpViewer(AsyncContext async, ServletOutputStream out, BufferOutput buffers, ViewerFeed feed, long stallNanos, Executor delivery) {
        this.async = async;
        this.out = out;
        this.buffers = buffers;
        this.feed = feed;
        this.stallNanos = stallNanos;
        this.pump = new WritePump(feed::take, this::writePart, delivery);
    }

    @Override
    public void wake() {
        pump.iterate();
    }

    @Override
    public void onWritePossible() throws IOException {
        if (!attached) {
            attached = true;
            if (!feed.attach(this)) {
                close("stream is full or gone");
            }
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
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.debug("response of MJPEG viewer already complete", e);
            }
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
            if (buffers != null) {
                ByteBuffer part = frame.multipartBuffer();
                // written in one call, which needs no flush
                flushed = true;
                partBytes = part.remaining();
                buffers.write(part);
            } else {
                byte[] part = frame.multipartPart();
                flushed = false;
                partBytes = part.length;
                out.write(part);
            }
            continuePart();
        } catch (IOException | IllegalStateException e) {
            close("write failed: " + e);
        }
    }

    private void continuePart() throws IOException {
        if (!out.isReady()) {
            return;
        }
        if (!flushed) {
            flushed = true;
            out.flush();
            if (!out.isReady()) {
                return;
            }
        }
        Runnable done = partDone;
        partDone = null;
        feed.delivered(partBytes);
        done.run();
    }
}

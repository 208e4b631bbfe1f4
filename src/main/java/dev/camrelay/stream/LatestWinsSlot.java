package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The MJPEG viewer queue: capacity one, latest wins. A JPEG stands alone, so a viewer that falls
 * behind simply skips to the newest picture; the replaced frame is a counted drop. Written by the
 * publishing thread, drained by the viewer's writer; lock-free.
 */
public final class LatestWinsSlot implements ViewerQueue {
    private final AtomicReference<Frame> pending = new AtomicReference<>();
    private final DropCounter drops;

    public LatestWinsSlot(DropCounter drops) {
        this.drops = drops;
    }

    /** Stores the frame; returns 1 when it replaced one that was never written (a drop), else 0. */
    @Override
    public int offer(Frame frame) {
        if (pending.getAndSet(frame) == null) {
            return 0;
        }
        drops.dropped(DropReason.SUPERSEDED, 1);
        return 1;
    }

    /** Takes the pending frame, or null when there is none. */
    @Override
    public Frame take() {
        return pending.getAndSet(null);
    }

    public boolean isEmpty() {
        return pending.get() == null;
    }
}

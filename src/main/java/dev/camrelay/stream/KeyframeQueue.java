package dev.camrelay.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.camrelay.media.Frame;
import java.util.ArrayDeque;

/**
 * The queue for formats whose frames depend on earlier ones (H.264, MPEG-TS): bounded by frames and
 * bytes; on overflow it is cleared and refills only from the next keyframe, so a slow viewer skips
 * whole GOPs and never sees a picture whose reference was dropped. Frames of the join cache do not
 * count against the bounds (the cache is bounded by bytes itself), so a viewer joining a long GOP
 * is not reset at once. Guarded by a private lock, held only for queue operations.
 */
public final class KeyframeQueue implements ViewerQueue {
    private final int maxFrames;
    private final long maxBytes;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();

    @GuardedBy("lock")
    private long bytes;

    @GuardedBy("lock")
    private int joinFramesLeft;

    @GuardedBy("lock")
    private long joinBytesLeft;

    @GuardedBy("lock")
    private boolean waitingForKeyframe = true;

    private final DropCounter drops;

    public KeyframeQueue(int maxFrames, long maxBytes, DropCounter drops) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.drops = drops;
    }

    @Override
    public int offer(Frame frame) {
        synchronized (lock) {
            int dropped = 0;
            if (frames.size() - joinFramesLeft >= maxFrames
                    || bytes - joinBytesLeft + frame.size() > maxBytes) {
                dropped = frames.size();
                drops.dropped(DropReason.QUEUE_OVERFLOW, dropped);
                frames.clear();
                bytes = 0;
                joinFramesLeft = 0;
                joinBytesLeft = 0;
                waitingForKeyframe = true;
            }
            if (waitingForKeyframe && !frame.keyframe()) {
                drops.dropped(DropReason.AWAITING_KEYFRAME, 1);
                return dropped + 1;
            }
            waitingForKeyframe = false;
            frames.addLast(frame);
            bytes += frame.size();
            return dropped;
        }
    }

    @Override
    public int offerJoin(Iterable<Frame> cached) {
        synchronized (lock) {
            int dropped = 0;
            for (Frame frame : cached) {
                if (waitingForKeyframe && !frame.keyframe()) {
                    drops.dropped(DropReason.AWAITING_KEYFRAME, 1);
                    dropped++;
                    continue;
                }
                waitingForKeyframe = false;
                frames.addLast(frame);
                bytes += frame.size();
                joinFramesLeft++;
                joinBytesLeft += frame.size();
            }
            return dropped;
        }
    }

    @Override
    public Frame take() {
        synchronized (lock) {
            Frame frame = frames.pollFirst();
            if (frame != null) {
                bytes -= frame.size();
                if (joinFramesLeft > 0) {
                    joinFramesLeft--;
                    joinBytesLeft -= frame.size();
                }
            }
            return frame;
        }
    }
}

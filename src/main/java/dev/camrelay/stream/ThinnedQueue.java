package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * A viewer that asked for fewer frames: a grid thumbnail at {@code ?fps=2}, or {@code
 * ?keyframes=only} for H.264/TS (every keyframe decodes on its own, so skipping everything else
 * never breaks a picture). Frames are thinned before the viewer's own queue, so a thumbnail costs
 * the server only the frames it shows. Only keyframes are ever skipped for the rate, and only when
 * nothing that follows depends on them: use {@link #of} rather than the constructor. Offered by the
 * publisher under the stream lock, so the timing state has one writer.
 */
public final class ThinnedQueue implements ViewerQueue {
    private final ViewerQueue inner;
    private final long minIntervalNanos;
    private final boolean keyframesOnly;
    private final DropCounter drops;

    /** When the next frame is due: stepped by the interval, not restarted from each arrival. */
    private long nextDueNanos;

    private boolean acceptedAny;

    /**
     * Wraps {@code inner} for a viewer's {@code ?fps=} and {@code ?keyframes=only}; returns it as
     * is when neither applies. The rate cap needs frames that stand alone: MJPEG, or keyframes
     * only.
     */
    public static ViewerQueue of(
            ViewerQueue inner,
            boolean framesStandAlone,
            int maxFps,
            boolean keyframesOnly,
            DropCounter drops) {
        int cap = framesStandAlone || keyframesOnly ? maxFps : 0;
        return cap == 0 && !keyframesOnly
                ? inner
                : new ThinnedQueue(inner, cap, keyframesOnly, drops);
    }

    private ThinnedQueue(ViewerQueue inner, int maxFps, boolean keyframesOnly, DropCounter drops) {
        this.inner = inner;
        this.minIntervalNanos = maxFps > 0 ? 1_000_000_000L / maxFps : 0;
        this.keyframesOnly = keyframesOnly;
        this.drops = drops;
    }

    @Override
    public int offer(Frame frame) {
        return offer(frame, System.nanoTime());
    }

    int offer(Frame frame, long nowNanos) {
        if (!wanted(frame, nowNanos)) {
            drops.dropped(DropReason.RATE_CAP, 1);
            return 1;
        }
        accepted(nowNanos);
        return inner.offer(frame);
    }

    /**
     * A joining thumbnail needs only the newest decodable picture: the keyframe, not the GOP after
     * it.
     */
    @Override
    public int offerJoin(Iterable<Frame> frames) {
        if (!keyframesOnly) {
            return inner.offerJoin(frames);
        }
        List<Frame> keyframes = new ArrayList<>();
        int skipped = 0;
        for (Frame frame : frames) {
            if (frame.keyframe()) {
                keyframes.add(frame);
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            drops.dropped(DropReason.RATE_CAP, skipped);
        }
        if (!keyframes.isEmpty()) {
            accepted(System.nanoTime());
        }
        return skipped + inner.offerJoin(keyframes);
    }

    @Override
    public Frame take() {
        return inner.take();
    }

    /**
     * A frame is due once the interval has passed since the previous one was due, less an eighth of
     * it for arrival jitter: restarting the interval at each arrival instead would let any frame
     * that comes a little early be skipped, and a 5 fps cap on a 15 fps camera deliver ~4.
     */
    private boolean wanted(Frame frame, long now) {
        if (keyframesOnly && !frame.keyframe()) {
            return false;
        }
        if (!frame.keyframe()) {
            return true;
        }
        return !acceptedAny || minIntervalNanos == 0 || now - nextDueNanos >= -minIntervalNanos / 8;
    }

    /** Steps the due time on; after a pause (a camera gone quiet) the cadence starts afresh. */
    private void accepted(long now) {
        boolean onCadence = acceptedAny && now - nextDueNanos < minIntervalNanos;
        nextDueNanos = (onCadence ? nextDueNanos : now) + minIntervalNanos;
        acceptedAny = true;
    }
}

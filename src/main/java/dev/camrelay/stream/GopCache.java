package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * The join cache of a format with keyframes: the last keyframe and every frame since, so a new
 * viewer decodes a picture at once instead of waiting for the next keyframe. Bounded by bytes: over
 * the cap it forgets the GOP and waits for the next keyframe (a keyframe carries its own parameter
 * sets, see the H.264 assembler). Guarded by the stream's lock.
 */
final class GopCache implements JoinCache {
    private final long maxBytes;
    private final List<Frame> gop = new ArrayList<>();
    private long bytes;
    private Frame latest;

    GopCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void add(Frame frame) {
        latest = frame;
        if (frame.keyframe()) {
            gop.clear();
            bytes = 0;
        } else if (gop.isEmpty()) {
            return;
        }
        if (bytes + frame.size() > maxBytes) {
            gop.clear();
            bytes = 0;
            return;
        }
        gop.add(frame);
        bytes += frame.size();
    }

    @Override
    public List<Frame> frames() {
        return List.copyOf(gop);
    }

    @Override
    public Frame latest() {
        return latest;
    }
}

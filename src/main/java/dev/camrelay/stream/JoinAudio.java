package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The audio frames since the cached keyframe, so a viewer that joins with audio hears from the
 * picture it starts at. Bounded by frames (about 10 s of AAC at 48 kHz): over the bound the oldest
 * is dropped, so the sound of a very long GOP starts a little after its keyframe. Guarded by the
 * stream's lock.
 */
final class JoinAudio {
    static final int MAX_FRAMES = 480;

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();

    void add(Frame frame) {
        if (frames.size() == MAX_FRAMES) {
            frames.removeFirst();
        }
        frames.addLast(frame);
    }

    /** A keyframe starts a new GOP, or the track changed: what was kept is of no use. */
    void clear() {
        frames.clear();
    }

    /** The join pictures with the kept audio from their first picture on, in publishing order. */
    List<Frame> mergeInto(List<Frame> video) {
        if (video.isEmpty() || frames.isEmpty()) {
            return video;
        }
        List<Frame> merged = new ArrayList<>(video.size() + frames.size());
        long first = video.get(0).sequence();
        int v = 0;
        for (Frame sound : frames) {
            if (sound.sequence() < first) {
                continue;
            }
            while (v < video.size() && video.get(v).sequence() < sound.sequence()) {
                merged.add(video.get(v++));
            }
            merged.add(sound);
        }
        merged.addAll(video.subList(v, video.size()));
        return merged;
    }
}

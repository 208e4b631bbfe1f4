package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.List;

/** What a viewer joining mid-stream is given before live frames. Guarded by its stream's lock. */
interface JoinCache {
    void add(Frame frame);

    /** The frames a new viewer needs, oldest first; empty when there is nothing decodable yet. */
    List<Frame> frames();

    /** The newest frame published, cached or not. */
    Frame latest();

    /** A JPEG stands alone: the newest one is all a new viewer needs. */
    static JoinCache latestOnly() {
        return new JoinCache() {
            private Frame latest;

            @Override
            public void add(Frame frame) {
                latest = frame;
            }

            @Override
            public List<Frame> frames() {
                return latest == null ? List.of() : List.of(latest);
            }

            @Override
            public Frame latest() {
                return latest;
            }
        };
    }
}

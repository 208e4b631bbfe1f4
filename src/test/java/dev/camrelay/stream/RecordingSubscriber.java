package dev.camrelay.stream;

import dev.camrelay.media.Frame;
import java.util.ArrayList;
import java.util.List;

/** A stand-in for the far side of the hub (a viewer): records what the hub hands it. */
final class RecordingSubscriber implements Subscriber {
    final List<Frame> frames = new ArrayList<>();
    final List<Long> stallChecks = new ArrayList<>();
    final List<String> closes = new ArrayList<>();

    @Override
    public void offer(Frame frame) {
        frames.add(frame);
    }

    @Override
    public void checkStall(long nowNanos) {
        stallChecks.add(nowNanos);
    }

    @Override
    public void close(String reason) {
        closes.add(reason);
    }

    List<Long> sequences() {
        return frames.stream().map(Frame::sequence).toList();
    }
}

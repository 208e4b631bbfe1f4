package dev.camrelay.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurement window and what viewers record in it. Only frames whose seq lies in a stream's
 * window [start, end) count, so frames sent during warm-up or drain never skew the numbers.
 */
final class Measurement {

    final LatencyHistogram latency = new LatencyHistogram();
    final AtomicLong bytesInWindow = new AtomicLong(), badFrames = new AtomicLong();
    volatile long[] windowStart,
            windowEnd; // per stream: seq range [start, end); replaced whole, never written into
    volatile boolean measuring;

    Measurement(int streams) {
        windowStart = new long[streams];
        long[] we = new long[streams];
        Arrays.fill(we, Long.MAX_VALUE);
        windowEnd = we;
    }

    /** Frames of the stream that were sent inside the window (valid once the window has ended). */
    long sentInWindow(int stream) {
        return windowEnd[stream] - windowStart[stream];
    }

    /**
     * Called by a viewer when a whole frame has arrived. {@code head} holds its first bytes, where
     * the tag is; {@code received[0]} is the viewer's own in-window count.
     */
    void frameDone(int stream, byte[] head, int headLen, long nowNs, long bytes, long[] received) {
        int at = FrameTag.findTag(head, headLen);
        if (at < 0) {
            badFrames.incrementAndGet();
            return;
        }
        long seq = FrameTag.unhex(head, at + 4), sent = FrameTag.unhex(head, at + 20);
        if (!measuring) return;
        long[] ws = windowStart, we = windowEnd;
        if (seq < ws[stream] || seq >= we[stream]) return;
        received[0]++;
        bytesInWindow.addAndGet(bytes);
        latency.record(nowNs - sent); // same JVM, same clock as the publisher's tag
    }
}

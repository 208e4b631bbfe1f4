package dev.camrelay.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A viewer on a slow link: reads at most {@code bytesPerSecond} (0 = as fast as the socket gives),
 * in small reads, so the server feels the back-pressure as soon as the sockets' buffers are full.
 * The rate can change while reading. Pacing by parking is the simulated link, not a test assertion.
 */
public final class Throttle {
    private static final int CHUNK = 1024;
    private volatile long bytesPerSecond;

    public void limit(long bytesPerSecondOrZero) {
        bytesPerSecond = bytesPerSecondOrZero;
    }

    public InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            private long windowStartNanos = System.nanoTime();
            private long windowBytes;
            private long windowRate;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long rate = bytesPerSecond;
                if (rate != windowRate) {
                    windowRate = rate;
                    windowStartNanos = System.nanoTime();
                    windowBytes = 0;
                }
                if (rate == 0) {
                    return super.read(b, off, len);
                }
                long dueNanos = windowStartNanos + windowBytes * 1_000_000_000L / rate;
                LockSupport.parkNanos(dueNanos - System.nanoTime());
                int n = super.read(b, off, Math.min(len, CHUNK));
                if (n > 0) {
                    windowBytes += n;
                }
                return n;
            }
        };
    }
}

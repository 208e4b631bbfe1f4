package dev.camrelay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A total deadline for an HTTP/1.1 request line and headers, which Jetty's connector lacks: its
 * idle timeout restarts at every byte, so a client trickling one header byte a second holds a
 * connection forever. Once a second the sweep looks at every connection's parser; one seen inside a
 * request's headers at every sweep for longer than the deadline is closed (so within the deadline
 * plus a second). A connection waiting for its next request is left to the idle timeout. The parser
 * state is read from the sweep without the connection's lock: a stale read only delays a close by a
 * sweep. Owned by the connector's scheduler thread.
 */
final class HeaderDeadline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    private static final long SWEEP_MILLIS = 1_000;
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AbstractConnector connector;
    private final Scheduler scheduler;
    private final long deadlineNanos;

    /** When each connection was first seen inside headers, by sweeps that saw it so since. */
    private Map<EndPoint, Long> inHeadersSince = new HashMap<>();

    private long closedSinceLog;
    private long lastLogNanos;
    private volatile Scheduler.Task next;
    private volatile boolean stopped;

    private HeaderDeadline(AbstractConnector connector, Duration deadline) {
        this.connector = connector;
        this.scheduler = connector.getScheduler();
        this.deadlineNanos = deadline.toNanos();
    }

    /** Starts sweeping the (started) connector's connections. */
    static HeaderDeadline start(AbstractConnector connector, Duration deadline) {
        HeaderDeadline sweeper = new HeaderDeadline(connector, deadline);
        sweeper.schedule();
        return sweeper;
    }

    private void schedule() {
        if (!stopped) {
            next = scheduler.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            Map<EndPoint, Long> seen = new HashMap<>();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (!(endPoint.getConnection() instanceof HttpConnection http)
                        || !insideHeaders(http.getParser())) {
                    continue;
                }
                long since = inHeadersSince.getOrDefault(endPoint, now);
                if (now - since > deadlineNanos) {
                    endPoint.close();
                    closedSinceLog++;
                } else {
                    seen.put(endPoint, since);
                }
            }
            inHeadersSince = seen;
            if (closedSinceLog > 0 && now - lastLogNanos >= LOG_EVERY_NANOS) {
                LOG.warn(
                        "closed {} HTTP connection(s) whose request headers took longer than {}"
                                + " ms (logged at most once a minute)",
                        closedSinceLog,
                        TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                closedSinceLog = 0;
                lastLogNanos = now;
            }
        } finally {
            schedule();
        }
    }

    /** Past the first byte of a request and before its headers end. */
    private static boolean insideHeaders(HttpParser parser) {
        return parser.inHeaderState() && !parser.isStart();
    }

    @Override
    public void close() {
        stopped = true;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }
}

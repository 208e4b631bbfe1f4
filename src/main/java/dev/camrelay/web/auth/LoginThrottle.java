package dev.camrelay.web.auth;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A per-address budget of wrong passwords: {@code maxFailures} within {@code window} lock the
 * address out for {@code lockout}. The map is bounded: stale entries are swept as new ones come,
 * and past {@code maxEntries} the least recently seen address is forgotten. Guarded by a private
 * lock (login requests come from any Jetty thread).
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final long windowNanos;
    private final long lockoutNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final LinkedHashMap<String, Entry> entries;

    private static final class Entry {
        long windowStart;
        int failures;
        long lockedUntil;
        boolean locked;
    }

    public LoginThrottle(
            int maxFailures,
            Duration window,
            Duration lockout,
            int maxEntries,
            LongSupplier nanoClock) {
        if (maxFailures < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("maxFailures and maxEntries must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.lockoutNanos = lockout.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.entries =
                new LinkedHashMap<>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                        return size() > LoginThrottle.this.maxEntries;
                    }
                };
    }

    /**
     * 10 wrong passwords a minute per address, then a minute of 429s; at most 10,000 addresses
     * remembered.
     */
    public static LoginThrottle standard() {
        return new LoginThrottle(
                10, Duration.ofMinutes(1), Duration.ofMinutes(1), 10_000, System::nanoTime);
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    public long retryAfterSeconds(String address) {
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            Entry entry = entries.get(address);
            if (entry == null || !entry.locked) {
                return 0;
            }
            long left = entry.lockedUntil - now;
            if (left <= 0) {
                entries.remove(address);
                return 0;
            }
            return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** Counts a wrong password from {@code address}; true when this one used up the budget. */
    public boolean failed(String address) {
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            sweep(now);
            Entry entry = entries.get(address);
            if (entry == null || now - entry.windowStart > windowNanos && !entry.locked) {
                entry = new Entry();
                entry.windowStart = now;
                entries.put(address, entry);
            }
            if (entry.locked) {
                return true;
            }
            if (++entry.failures >= maxFailures) {
                entry.locked = true;
                entry.lockedUntil = now + lockoutNanos;
                return true;
            }
            return false;
        }
    }

    /** Addresses currently remembered (for tests). */
    int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /** Drops stale entries among the least recently used few: bounded work per call. */
    @GuardedBy("lock")
    private void sweep(long now) {
        int budget = 16;
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && budget-- > 0) {
            Entry e = it.next();
            boolean stale = e.locked ? now - e.lockedUntil > 0 : now - e.windowStart > windowNanos;
            if (stale) {
                it.remove();
            }
        }
    }
}

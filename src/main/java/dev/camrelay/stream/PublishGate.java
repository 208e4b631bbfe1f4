package dev.camrelay.stream;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Who may publish. Open when no token is configured. Otherwise every stream needs a token: its own
 * if it has one, else the global one; a camera whose address is on the allow-list may publish
 * without a token (the legacy binary header has no field for one). Tokens are compared in constant
 * time. An address that presents too many wrong tokens within a minute has its wrong and missing
 * tokens refused as locked out until the minute is over, while a right token is still accepted: one
 * misconfigured camera behind a NAT cannot lock its neighbours out. Refusals are answered after a
 * short random delay, scheduled by the caller without blocking a thread. Called by the ingest
 * thread and HTTP push threads; the failure table is a concurrent map bounded in size.
 */
public final class PublishGate {
    /** The outcome of a publish attempt. */
    public enum Verdict {
        ALLOWED,
        TOKEN_REQUIRED,
        BAD_TOKEN,
        LOCKED_OUT
    }

    private static final long WINDOW_MILLIS = 60_000;

    /** Beyond this many tracked addresses, expired windows are swept before a new one is added. */
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private static final long MIN_FAILURE_DELAY_MILLIS = 100;
    private static final long MAX_FAILURE_DELAY_MILLIS = 500;

    private record Window(long startMillis, int failures) {}

    private final byte[] globalToken;
    private final Map<String, byte[]> streamTokens;
    private final List<Predicate<InetAddress>> allowed;
    private final int failuresPerMinute;
    private final ConcurrentHashMap<InetAddress, Window> failures = new ConcurrentHashMap<>();

    public PublishGate(
            String globalToken,
            Map<String, String> streamTokens,
            List<Predicate<InetAddress>> allowed,
            int failuresPerMinute) {
        this.globalToken = globalToken.getBytes(StandardCharsets.UTF_8);
        this.streamTokens = new java.util.HashMap<>();
        streamTokens.forEach(
                (name, token) ->
                        this.streamTokens.put(name, token.getBytes(StandardCharsets.UTF_8)));
        this.allowed = List.copyOf(allowed);
        this.failuresPerMinute = failuresPerMinute;
    }

    /** True when publishing needs a token (or an allowed address). */
    public boolean closed() {
        return globalToken.length > 0 || !streamTokens.isEmpty();
    }

    /**
     * Decides whether {@code from} may publish {@code stream} with {@code token} (null when the
     * camera sent none). Call it before any stream state is created.
     */
    public Verdict check(String stream, String token, InetAddress from, long nowMillis) {
        if (!closed()) {
            return Verdict.ALLOWED;
        }
        if (token == null && allowed.stream().anyMatch(block -> block.test(from))) {
            return Verdict.ALLOWED;
        }
        byte[] expected = streamTokens.getOrDefault(stream, globalToken);
        if (token != null
                && expected.length > 0
                && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return Verdict.ALLOWED;
        }
        Window window = failures.get(from);
        if (window != null
                && nowMillis - window.startMillis() < WINDOW_MILLIS
                && window.failures() >= failuresPerMinute) {
            return Verdict.LOCKED_OUT;
        }
        countFailure(from, nowMillis);
        return token == null ? Verdict.TOKEN_REQUIRED : Verdict.BAD_TOKEN;
    }

    /** A short random pause before a refusal is answered, so its timing tells a guesser nothing. */
    public static long failureDelayMillis() {
        return ThreadLocalRandom.current()
                .nextLong(MIN_FAILURE_DELAY_MILLIS, MAX_FAILURE_DELAY_MILLIS);
    }

    private void countFailure(InetAddress from, long nowMillis) {
        if (failures.size() >= MAX_TRACKED_ADDRESSES) {
            failures.values().removeIf(w -> nowMillis - w.startMillis() >= WINDOW_MILLIS);
        }
        failures.compute(
                from,
                (address, window) ->
                        window == null || nowMillis - window.startMillis() >= WINDOW_MILLIS
                                ? new Window(nowMillis, 1)
                                : new Window(window.startMillis(), window.failures() + 1));
    }
}

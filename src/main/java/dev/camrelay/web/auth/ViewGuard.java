package dev.camrelay.web.auth;

import dev.camrelay.web.auth.ViewPaths.Kind;
import dev.camrelay.web.auth.ViewPaths.Target;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides whether a request's credentials (session cookies, URL or bearer tokens) grant a target.
 * Stateless apart from its collaborators, so shared by every request thread. Tokens do not name
 * their scope, so to tell "a genuine token for something else" (403) from "a bad token" (401) a
 * failed token is also tried against the streams the relay currently holds.
 */
public final class ViewGuard {
    /**
     * How many session cookies / tokens of one request are looked at, and streams tried for a 403:
     * bounded work per request.
     */
    private static final int MAX_CREDENTIALS = 4;

    private static final int MAX_SCOPES_TRIED = 1024;

    /** The verdict on one request. */
    public enum Outcome {
        ALLOWED(200),
        UNAUTHORIZED(401),
        FORBIDDEN(403);

        private final int httpStatus;

        Outcome(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /**
     * An outcome with a short plain-text explanation (never containing a token or a name from the
     * request).
     */
    public record Verdict(Outcome outcome, String message) {
        static final Verdict ALLOW = new Verdict(Outcome.ALLOWED, "ok");

        public boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }
    }

    private final ViewTokens tokens;
    private final Supplier<? extends Collection<String>> streamNames;
    private final LongSupplier epochSeconds;

    public ViewGuard(
            ViewTokens tokens,
            Supplier<? extends Collection<String>> streamNames,
            LongSupplier epochSeconds) {
        this.tokens = tokens;
        this.streamNames = streamNames;
        this.epochSeconds = epochSeconds;
    }

    public ViewTokens tokens() {
        return tokens;
    }

    public long now() {
        return epochSeconds.getAsLong();
    }

    /** True when one of the session cookie values is a genuine, unexpired session. */
    public boolean hasSession(List<String> sessionCookies) {
        long now = now();
        for (String cookie : bounded(sessionCookies)) {
            if (tokens.verify(cookie, ViewTokens.SESSION, now) == ViewTokens.Check.VALID) {
                return true;
            }
        }
        return false;
    }

    public Verdict check(Target target, List<String> sessionCookies, List<String> presentedTokens) {
        if (target.kind() == Kind.OPEN) {
            return Verdict.ALLOW;
        }
        long now = now();
        boolean expired = false;
        for (String cookie : bounded(sessionCookies)) {
            ViewTokens.Check check = tokens.verify(cookie, ViewTokens.SESSION, now);
            if (check == ViewTokens.Check.VALID) {
                return Verdict.ALLOW;
            }
            expired |= check == ViewTokens.Check.EXPIRED;
        }
        String scope = target.kind() == Kind.STREAM ? target.scope() : null;
        boolean invalid = false;
        for (String token : bounded(presentedTokens)) {
            ViewTokens.Check all = tokens.verify(token, ViewTokens.ALL, now);
            ViewTokens.Check own =
                    scope == null ? ViewTokens.Check.INVALID : tokens.verify(token, scope, now);
            if (all == ViewTokens.Check.VALID || own == ViewTokens.Check.VALID) {
                return Verdict.ALLOW;
            }
            if (all == ViewTokens.Check.EXPIRED || own == ViewTokens.Check.EXPIRED) {
                expired = true;
            } else {
                invalid = true;
            }
        }
        if (invalid) {
            // a genuine token for another scope is a 403, an expired one a 401 like any expired
            // token
            for (String token : bounded(presentedTokens)) {
                ViewTokens.Check other = otherScope(token, scope, now);
                if (other == ViewTokens.Check.VALID) {
                    return new Verdict(
                            Outcome.FORBIDDEN,
                            "Forbidden: this token is not valid for this resource.");
                }
                expired |= other == ViewTokens.Check.EXPIRED;
            }
        }
        if (expired) {
            return new Verdict(
                    Outcome.UNAUTHORIZED,
                    "Unauthorized: the token or session has expired; log in again at /login.html or ask for a new link.");
        }
        if (invalid || !bounded(sessionCookies).isEmpty()) {
            return new Verdict(Outcome.UNAUTHORIZED, "Unauthorized: invalid token or session.");
        }
        return new Verdict(
                Outcome.UNAUTHORIZED,
                "Unauthorized: log in at /login.html, or add ?token=... (or Authorization: Bearer ...).");
    }

    /** The token checked against the session scope and the relay's other streams. */
    private ViewTokens.Check otherScope(String token, String ownScope, long now) {
        ViewTokens.Check best = tokens.verify(token, ViewTokens.SESSION, now);
        if (best == ViewTokens.Check.VALID) {
            return best;
        }
        int tried = 0;
        for (String name : streamNames.get()) {
            if (name.equals(ownScope)) {
                continue;
            }
            if (++tried > MAX_SCOPES_TRIED) {
                break;
            }
            ViewTokens.Check check = tokens.verify(token, name, now);
            if (check == ViewTokens.Check.VALID) {
                return check;
            }
            if (check == ViewTokens.Check.EXPIRED) {
                best = check;
            }
        }
        return best;
    }

    private static List<String> bounded(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.size() <= MAX_CREDENTIALS ? values : values.subList(0, MAX_CREDENTIALS);
    }
}

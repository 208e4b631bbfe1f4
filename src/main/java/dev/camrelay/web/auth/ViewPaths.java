package dev.camrelay.web.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which credential a path needs when view auth is on. Pure: the filter and the WebSocket handshake
 * classify the same way. Paths are relative to the context and already decoded and normalized
 * (servlet path + path info, or the upgrade URI's path).
 */
public final class ViewPaths {
    /** What a path is. */
    public enum Kind {
        /** Needs nothing: the login, health and (separately authenticated) ingest. */
        OPEN,
        /** One stream's pictures: a session, a token for that stream, or a {@code *} token. */
        STREAM,
        /** Everything else (dashboard, API, metrics): a session or a {@code *} token. */
        ALL
    }

    /** A classified path; {@code stream} is set for {@link Kind#STREAM} only. */
    public record Target(Kind kind, String stream) {
        static final Target OPEN = new Target(Kind.OPEN, null);
        static final Target ALL = new Target(Kind.ALL, null);

        /** The scope a token must have besides {@link ViewTokens#ALL}, or null. */
        public String scope() {
            return stream;
        }
    }

    private static final Set<String> OPEN_PATHS =
            Set.of(
                    "/login",
                    "/logout",
                    "/login.html",
                    "/login.css",
                    "/favicon.svg",
                    "/healthz",
                    "/readyz");
    private static final Pattern LEGACY = Pattern.compile("/(stream[0-9]{1,5})");

    private ViewPaths() {}

    /** Classifies a decoded, context-relative path ("" counts as "/"). */
    public static Target classify(String path) {
        if (path == null || path.isEmpty()) {
            return Target.ALL;
        }
        if (OPEN_PATHS.contains(path) || path.equals("/ingest") || path.startsWith("/ingest/")) {
            return Target.OPEN;
        }
        if (path.startsWith("/mjpeg/")) {
            // as MjpegServlet: the name is the whole rest of the path
            return stream(path.substring("/mjpeg/".length()));
        }
        if (path.startsWith("/snapshot/")) {
            // as SnapshotServlet: the rest, without a trailing ".jpg"
            String rest = path.substring("/snapshot/".length());
            return stream(rest.endsWith(".jpg") ? rest.substring(0, rest.length() - 4) : rest);
        }
        if (path.startsWith("/ws/")) {
            return stream(path.substring("/ws/".length()));
        }
        var legacy = LEGACY.matcher(path);
        if (legacy.matches()) {
            return stream(legacy.group(1));
        }
        return Target.ALL;
    }

    /**
     * True for the paths a WebSocket upgrade may take to the stream endpoint (which checks for
     * itself).
     */
    public static boolean isWebSocketRoute(String path) {
        return path != null && (path.startsWith("/ws/") || LEGACY.matcher(path).matches());
    }

    /** A stream target; a name no token can be signed for needs what everything else needs. */
    private static Target stream(String name) {
        return name.isEmpty()
                        || !ViewTokens.isScope(name)
                        || ViewTokens.ALL.equals(name)
                        || ViewTokens.SESSION.equals(name)
                ? Target.ALL
                : new Target(Kind.STREAM, name);
    }
}

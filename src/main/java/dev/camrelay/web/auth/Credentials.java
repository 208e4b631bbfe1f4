package dev.camrelay.web.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pulls view credentials out of requests: the session cookie, {@code ?token=} and {@code
 * Authorization: Bearer}. Pure helpers.
 */
final class Credentials {
    /** Name of the dashboard login's cookie. */
    static final String SESSION_COOKIE = "camrelay_session";

    private static final int MAX_VALUES = 4;

    private Credentials() {}

    /** The decoded, context-relative path a servlet request maps to ("/" for the root). */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    static List<String> sessionCookies(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(1);
        for (Cookie cookie : cookies) {
            if (SESSION_COOKIE.equals(cookie.getName()) && values.size() < MAX_VALUES) {
                values.add(cookie.getValue());
            }
        }
        return values;
    }

    /**
     * Session cookie values from raw {@code Cookie} header values (a WebSocket handshake has no
     * parsed cookies).
     */
    static List<String> sessionCookies(List<String> cookieHeaders) {
        List<String> values = new ArrayList<>(1);
        if (cookieHeaders == null) {
            return values;
        }
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0
                        && SESSION_COOKIE.equals(pair.substring(0, eq).trim())
                        && values.size() < MAX_VALUES) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * The {@code ?token=} and bearer tokens of a servlet request. The body is never read (no form
     * parsing).
     */
    static List<String> tokens(HttpServletRequest request) {
        List<String> tokens = new ArrayList<>(2);
        String query = queryToken(request.getQueryString());
        if (query != null) {
            tokens.add(query);
        }
        String bearer = bearer(request.getHeader("Authorization"));
        if (bearer != null) {
            tokens.add(bearer);
        }
        return tokens;
    }

    /** The {@code ?token=} and bearer tokens of a WebSocket handshake. */
    static List<String> tokens(
            Map<String, List<String>> parameters, List<String> authorizationHeaders) {
        List<String> tokens = new ArrayList<>(2);
        List<String> values = parameters == null ? null : parameters.get("token");
        if (values != null && !values.isEmpty() && values.get(0) != null) {
            tokens.add(values.get(0));
        }
        if (authorizationHeaders != null && !authorizationHeaders.isEmpty()) {
            String bearer = bearer(authorizationHeaders.get(0));
            if (bearer != null) {
                tokens.add(bearer);
            }
        }
        return tokens;
    }

    /** The first {@code token} parameter of a raw query string, or null. */
    static String queryToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return ""; // malformed escapes: an invalid token, not an absent one
                }
            }
        }
        return null;
    }

    static String bearer(String authorization) {
        if (authorization == null
                || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** The values of a header in a case-insensitive look-up of a handshake's header map. */
    static List<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return List.of();
        }
        List<String> direct = headers.get(name);
        if (direct != null) {
            return direct;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return List.of();
    }
}

package dev.camrelay.web.ws;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cross-site WebSocket hijacking defence: a browser always sends {@code Origin} on a WebSocket
 * upgrade, and cookies ride along, so a page on another site could otherwise watch with the
 * user's session. Allowed: the relay's own origin (Origin's host equals the Host header), origins
 * on the configured list ({@code *} allows all), and clients that send no Origin (not browsers).
 */
public final class OriginCheck {
    /** The user property that carries a refused upgrade from the handshake to onOpen. */
    public static final String REFUSED = "camrelay.origin.refused";

    private final List<String> allowed;

    public OriginCheck(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean allows(Map<String, List<String>> headers) {
        String origin = first(headers, "Origin");
        if (origin == null || allowed.contains("*") || allowed.contains(origin.toLowerCase(Locale.ROOT))) {
            return true;
        }
        String host = first(headers, "Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && uri.getHost() != null && (authority.equalsIgnoreCase(host) || sameHostDefaultPort(uri, host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code Origin: http://cam.example} with {@code Host: cam.example:80}. */
    private static boolean sameHostDefaultPort(URI origin, String host) {
        int defaultPort = "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
        return origin.getPort() < 0 && host.equalsIgnoreCase(origin.getHost() + ":" + defaultPort);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}

package dev.camrelay.web.ws;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cross-site WebSocket hijacking and DNS-rebinding defence: a browser always sends {@code Origin}
 * on a WebSocket upgrade, and cookies ride along. The Host header proves nothing (a rebinding page
 * sends its own name in both), so allowed are only: origins on the configured list ({@code *}
 * allows all), the address the connection was accepted on written as an IP literal with its port (a
 * browser opened {@code http://<relay-ip>:<port>/}), {@code localhost} on a loopback connection,
 * and clients that send no Origin (not browsers). A relay reached by a host name, or behind a
 * proxy, needs that public origin listed. Immutable.
 */
public final class OriginCheck {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final List<String> allowed;

    public OriginCheck(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginCheck::normalized).toList();
    }

    /**
     * True when a page of {@code origin} (null when absent) may open a viewer on a connection
     * accepted on {@code localAddress} (an IP literal, as the servlet API reports it) and {@code
     * localPort}.
     */
    public boolean allows(String origin, String localAddress, int localPort) {
        if (origin == null || allowed.contains("*") || allowed.contains(normalized(origin))) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port != localPort) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String local = literal(localAddress);
        if (host.equals("localhost")) {
            return isLoopback(local);
        }
        String literal = literal(host);
        return (IPV4.matcher(literal).matches() || literal.contains(":"))
                && literal.equalsIgnoreCase(local);
    }

    /** An IPv6 literal without brackets or zone, in the compressed form both sides then share. */
    private static String literal(String address) {
        String bare = address == null ? "" : address.replace("[", "").replace("]", "");
        int zone = bare.indexOf('%');
        bare = zone < 0 ? bare : bare.substring(0, zone);
        if (!bare.contains(":")) {
            return bare;
        }
        try {
            // an IPv6 literal: parsed without any name lookup
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            return bare;
        }
    }

    private static boolean isLoopback(String local) {
        return local.startsWith("127.") || local.equals("0:0:0:0:0:0:0:1");
    }

    private static String normalized(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}

package dev.camrelay.bench;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the RFC 6455 opening handshake. No extensions are offered, so the relay sends
 * plain frames (no permessage-deflate) that the viewer can count without inflating.
 */
final class WsHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsHandshake() {}

    /** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
    static String newKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k); // a nonce against caching proxies, not a secret
        return Base64.getEncoder().encodeToString(k);
    }

    static byte[] request(String path, String hostPort, String key) {
        return ("GET "
                        + path
                        + " HTTP/1.1\r\nHost: "
                        + hostPort
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: "
                        + key
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The Sec-WebSocket-Accept a server must answer {@code key} with: base64(SHA-1(key + GUID)).
     */
    static String accept(String key) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-1", e);
        }
    }

    /**
     * Throws unless {@code response} (status line and headers) completes the upgrade asked for with
     * {@code key}.
     */
    static void check(String response, String key) throws ProtocolException {
        String[] lines = response.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101 "))
            throw new ProtocolException("upgrade refused: " + lines[0]);
        Map<String, String> h = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0)
                h.put(
                        lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(c + 1).trim());
        }
        if (!"websocket".equalsIgnoreCase(h.get("upgrade")))
            throw new ProtocolException("101 without Upgrade: websocket");
        if (!h.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade"))
            throw new ProtocolException("101 without Connection: Upgrade");
        if (!accept(key).equals(h.get("sec-websocket-accept")))
            throw new ProtocolException(
                    "wrong Sec-WebSocket-Accept: " + h.get("sec-websocket-accept"));
        if (h.containsKey("sec-websocket-extensions"))
            throw new ProtocolException(
                    "extension not offered: " + h.get("sec-websocket-extensions"));
    }
}

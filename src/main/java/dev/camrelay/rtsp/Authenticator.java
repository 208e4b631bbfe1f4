package dev.camrelay.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers a server's WWW-Authenticate challenge with Digest (RFC 7616 MD5, with or without
 * qop=auth) when offered, else Basic (RFC 7617). After a challenge every request carries the
 * header, with Digest's nonce count rising. Owned by the source's thread.
 */
final class Authenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private final Supplier<String> clientNonces;
    private Map<String, String> digest;
    private boolean basic;
    private int nonceCount;

    Authenticator(Credentials credentials) {
        this(credentials, Authenticator::randomNonce);
    }

    /** With the given client nonces (cnonce), for tests against published examples. */
    Authenticator(Credentials credentials, Supplier<String> clientNonces) {
        this.credentials = credentials;
        this.clientNonces = clientNonces;
    }

    private static String randomNonce() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * Takes the challenges of a 401; false when none can be answered (no credentials, unknown
     * scheme).
     */
    boolean challenge(List<String> wwwAuthenticate) {
        if (!credentials.present()) {
            return false;
        }
        for (String header : wwwAuthenticate) {
            if (header.regionMatches(true, 0, "Digest ", 0, 7)) {
                Map<String, String> params = parameters(header.substring(7));
                String algorithm = params.getOrDefault("algorithm", "MD5");
                if (params.containsKey("nonce") && algorithm.equalsIgnoreCase("MD5")) {
                    digest = params;
                    nonceCount = 0;
                    return true;
                }
            }
        }
        for (String header : wwwAuthenticate) {
            if (header.regionMatches(true, 0, "Basic", 0, 5)) {
                basic = true;
                return true;
            }
        }
        return false;
    }

    /** The Authorization header for this request, once a challenge has been taken. */
    Optional<String> authorization(String method, String uri) {
        if (digest != null) {
            return Optional.of(digestAnswer(method, uri));
        }
        if (basic) {
            String pair = credentials.user() + ":" + credentials.password();
            return Optional.of(
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private String digestAnswer(String method, String uri) {
        String realm = digest.getOrDefault("realm", "");
        String nonce = digest.get("nonce");
        String ha1 = md5(credentials.user() + ":" + realm + ":" + credentials.password());
        String ha2 = md5(method + ":" + uri);
        StringBuilder header =
                new StringBuilder("Digest username=\"")
                        .append(credentials.user())
                        .append("\", realm=\"")
                        .append(realm)
                        .append("\", nonce=\"")
                        .append(nonce)
                        .append("\", uri=\"")
                        .append(uri)
                        .append('"');
        String qop = digest.get("qop");
        if (qop != null
                && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth")) {
            String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
            String cnonce = clientNonces.get();
            header.append(", qop=auth, nc=")
                    .append(nc)
                    .append(", cnonce=\"")
                    .append(cnonce)
                    .append('"');
            header.append(", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2))
                    .append('"');
        } else {
            header.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (digest.containsKey("opaque")) {
            header.append(", opaque=\"").append(digest.get("opaque")).append('"');
        }
        if (digest.containsKey("algorithm")) {
            header.append(", algorithm=").append(digest.get("algorithm"));
        }
        return header.toString();
    }

    /** {@code a="x, y", b=z} into a map with lower-case names and unquoted values. */
    static Map<String, String> parameters(String list) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        while (i < list.length()) {
            while (i < list.length() && (list.charAt(i) == ',' || list.charAt(i) == ' ')) {
                i++;
            }
            int equals = list.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = list.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            int end;
            String value;
            if (equals + 1 < list.length() && list.charAt(equals + 1) == '"') {
                end = list.indexOf('"', equals + 2);
                end = end < 0 ? list.length() : end;
                value = list.substring(equals + 2, end);
                end++;
            } else {
                end = list.indexOf(',', equals);
                end = end < 0 ? list.length() : end;
                value = list.substring(equals + 1, end).strip();
            }
            params.put(name, value);
            i = end;
        }
        return params;
    }

    static String md5(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}

package dev.camrelay.web.auth;

import dev.camrelay.stream.StreamKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring, scoped view tokens: {@code <expiryEpochSeconds>.<base64url(HMAC-SHA256(secret,
 * scope + "|" + expiry))>}. The scope is a stream name, {@link #ALL} (every stream, the API and
 * metrics) or {@link #SESSION} (the dashboard login's cookie). The token does not name its scope:
 * whoever checks it knows which scope the request needs. Pure and immutable, so safe on any thread;
 * no token is ever logged.
 */
public final class ViewTokens {
    /** Every stream, the API and {@code /metrics}. */
    public static final String ALL = "*";

    /**
     * The scope of session cookies. Not a valid stream name (names are {@code [A-Za-z0-9_-]}), so a
     * token signed for a camera called "session" can never pass as a login cookie.
     */
    public static final String SESSION = "@session";

    /** Longest lifetime {@code /api/sign} hands out: 7 days. */
    public static final long MAX_TTL_SECONDS = 7L * 24 * 3600;

    private static final String ALGORITHM = "HmacSHA256";

    /** 32 bytes of HMAC-SHA256 in unpadded base64url. */
    private static final int SIGNATURE_CHARS = 43;

    private static final int MAX_EXPIRY_DIGITS = 12;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The outcome of checking a token against one scope. */
    public enum Check {
        /** Genuine, for this scope, not expired. */
        VALID,
        /** Genuine and for this scope, but past its expiry. */
        EXPIRED,
        /** Malformed, tampered with, signed with another key, or for another scope. */
        INVALID
    }

    private final SecretKeySpec key;

    public ViewTokens(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a view token secret is required");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * True for the scopes a token can be signed for: a stream name, {@link #ALL} or {@link
     * #SESSION}.
     */
    public static boolean isScope(String scope) {
        return ALL.equals(scope) || SESSION.equals(scope) || StreamKey.isValidName(scope);
    }

    /** A token for {@code scope} that is valid until {@code expiryEpochSeconds} (exclusive). */
    public String sign(String scope, long expiryEpochSeconds) {
        if (!isScope(scope)) {
            throw new IllegalArgumentException(
                    "not a token scope: a stream name, '*' or the session scope");
        }
        if (expiryEpochSeconds < 0
                || Long.toString(expiryEpochSeconds).length() > MAX_EXPIRY_DIGITS) {
            throw new IllegalArgumentException("expiry out of range: " + expiryEpochSeconds);
        }
        String expiry = Long.toString(expiryEpochSeconds);
        return expiry + "." + signature(scope, expiry);
    }

    /**
     * Checks {@code token} for {@code scope} at {@code nowEpochSeconds}. The signature comparison
     * is constant-time ({@link MessageDigest#isEqual}); expiry is only reported for a genuine
     * token.
     */
    public Check verify(String token, String scope, long nowEpochSeconds) {
        if (token == null
                || scope == null
                || token.length() > MAX_EXPIRY_DIGITS + 1 + SIGNATURE_CHARS) {
            return Check.INVALID;
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot > MAX_EXPIRY_DIGITS || token.length() - dot - 1 != SIGNATURE_CHARS) {
            return Check.INVALID;
        }
        String expiry = token.substring(0, dot);
        for (int i = 0; i < expiry.length(); i++) {
            char c = expiry.charAt(i);
            if (c < '0' || c > '9') {
                return Check.INVALID;
            }
        }
        byte[] expected = signature(scope, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Check.INVALID;
        }
        return Long.parseLong(expiry) > nowEpochSeconds ? Check.VALID : Check.EXPIRED;
    }

    /** The expiry (epoch seconds) written in a token that {@link #verify} found genuine. */
    public static long expiry(String verifiedToken) {
        return Long.parseLong(verifiedToken.substring(0, verifiedToken.indexOf('.')));
    }

    private String signature(String scope, String expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((scope + "|" + expiry).getBytes(StandardCharsets.UTF_8));
            return BASE64URL.encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

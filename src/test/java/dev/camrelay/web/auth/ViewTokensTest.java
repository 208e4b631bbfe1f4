package dev.camrelay.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.web.auth.ViewTokens.Check;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ViewTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final long NOW = 1_800_000_000L;
    private final ViewTokens tokens = new ViewTokens(SECRET);

    @Test
    void theFormatIsExpiryDotBase64urlHmacOfScopeBarExpiry() throws Exception {
        String token = tokens.sign("cam1", NOW + 60);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                (NOW + 60)
                        + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(
                                        mac.doFinal(
                                                ("cam1|" + (NOW + 60))
                                                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, token);
        assertTrue(token.matches("[0-9]+\\.[A-Za-z0-9_-]{43}"), "URL-safe, no padding: " + token);
    }

    @Test
    void aTokenIsValidForItsScopeUntilItsExpiry() {
        String token = tokens.sign("cam1", NOW + 60);
        assertEquals(Check.VALID, tokens.verify(token, "cam1", NOW));
        assertEquals(Check.VALID, tokens.verify(token, "cam1", NOW + 59));
        assertEquals(Check.EXPIRED, tokens.verify(token, "cam1", NOW + 60));
        assertEquals(Check.EXPIRED, tokens.verify(token, "cam1", NOW + 100_000));
    }

    @Test
    void scopesDoNotCrossOver() {
        String cam = tokens.sign("cam1", NOW + 60);
        String all = tokens.sign(ViewTokens.ALL, NOW + 60);
        String session = tokens.sign(ViewTokens.SESSION, NOW + 60);
        assertEquals(Check.INVALID, tokens.verify(cam, "cam2", NOW));
        assertEquals(Check.INVALID, tokens.verify(cam, ViewTokens.ALL, NOW));
        assertEquals(Check.INVALID, tokens.verify(cam, ViewTokens.SESSION, NOW));
        assertEquals(
                Check.INVALID,
                tokens.verify(all, "cam1", NOW),
                "a * token is checked as *, not as a stream");
        assertEquals(Check.VALID, tokens.verify(all, ViewTokens.ALL, NOW));
        assertEquals(Check.INVALID, tokens.verify(session, ViewTokens.ALL, NOW));
        assertEquals(Check.VALID, tokens.verify(session, ViewTokens.SESSION, NOW));
    }

    @Test
    void aStreamNamedSessionCannotMintSessionCookies() {
        String stream = tokens.sign("session", NOW + 60);
        assertEquals(Check.INVALID, tokens.verify(stream, ViewTokens.SESSION, NOW));
    }

    @Test
    void tamperedTokensAreInvalid() {
        String token = tokens.sign("cam1", NOW + 60);
        int dot = token.indexOf('.');
        // a later expiry with the old signature
        assertEquals(
                Check.INVALID, tokens.verify((NOW + 6000) + token.substring(dot), "cam1", NOW));
        // every single-character change of the signature
        for (int i = dot + 1; i < token.length(); i++) {
            char c = token.charAt(i);
            String changed =
                    token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertEquals(Check.INVALID, tokens.verify(changed, "cam1", NOW), "changed at " + i);
        }
        // an expired token that was tampered with is invalid, not expired
        String old = tokens.sign("cam1", NOW - 10);
        assertEquals(
                Check.INVALID,
                tokens.verify(
                        old.substring(0, old.length() - 1) + (old.endsWith("A") ? "B" : "A"),
                        "cam1",
                        NOW));
    }

    @Test
    void anotherSecretsTokensAreInvalid() {
        String foreign = new ViewTokens("another secret, 32 characters!!").sign("cam1", NOW + 60);
        assertEquals(Check.INVALID, tokens.verify(foreign, "cam1", NOW));
    }

    @Test
    void malformedTokensAreInvalid() {
        String good = tokens.sign("cam1", NOW + 60);
        String sig = good.substring(good.indexOf('.') + 1);
        for (String bad :
                new String[] {
                    null,
                    "",
                    ".",
                    "abc",
                    good + "=",
                    good + "x",
                    good.substring(0, good.length() - 1),
                    "." + sig,
                    "-5." + sig,
                    "+" + good,
                    " " + good,
                    "1e9." + sig,
                    "1234567890123." + sig,
                    good.replace('.', ','),
                    (NOW + 60) + "." + sig.replace(sig.charAt(0), '+'),
                    (NOW + 60) + ".." + sig
                }) {
            assertEquals(Check.INVALID, tokens.verify(bad, "cam1", NOW), "token " + bad);
        }
        assertEquals(Check.INVALID, tokens.verify(good, null, NOW));
    }

    @Test
    void onlyRealScopesCanBeSigned() {
        assertThrows(IllegalArgumentException.class, () -> tokens.sign("a|b", NOW));
        assertThrows(IllegalArgumentException.class, () -> tokens.sign("", NOW));
        assertThrows(IllegalArgumentException.class, () -> tokens.sign("../x", NOW));
        assertThrows(IllegalArgumentException.class, () -> tokens.sign("x".repeat(65), NOW));
        assertThrows(IllegalArgumentException.class, () -> tokens.sign("cam", -1));
        assertThrows(IllegalArgumentException.class, () -> new ViewTokens(""));
        assertNotEquals(tokens.sign("cam", NOW + 1), tokens.sign("cam", NOW + 2));
    }
}

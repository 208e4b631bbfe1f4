package dev.camrelay.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {
    private static final String JSMPEG = "/webapp/vendor/jsmpeg/jsmpeg-player.umd.min.js";

    /** The player script injects its stylesheet as a style element: the policy must name it. */
    @Test
    void thePolicyAllowsExactlyTheStylesheetTheBundledJsmpegInjects() throws Exception {
        String script;
        try (InputStream in = SecurityHeadersFilterTest.class.getResourceAsStream(JSMPEG)) {
            assertTrue(in != null, JSMPEG + " is copied from node_modules at build time");
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int inject = script.indexOf("createElement(\"style\")");
        assertTrue(inject > 0, "the script still injects a style element");
        int start = script.indexOf("}(\"", inject) + 3;
        String css = script.substring(start, script.indexOf('"', start));
        assertTrue(css.contains("{"), "found the injected CSS: " + css);

        String policy = SecurityHeadersFilter.CONTENT_SECURITY_POLICY;
        assertTrue(policy.contains("'sha256-" + sha256(css) + "'"), policy);
        assertTrue(policy.contains("'sha256-" + sha256("") + "'"), policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
    }

    private static String sha256(String text) throws IOException, NoSuchAlgorithmException {
        return Base64.getEncoder()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256")
                                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

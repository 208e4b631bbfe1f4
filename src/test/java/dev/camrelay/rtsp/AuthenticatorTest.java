package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final Credentials MUFASA = new Credentials("Mufasa", "Circle Of Life");

    @Test
    void digestWithQopAuthMatchesTheRfc2617Example() {
        Authenticator auth = new Authenticator(MUFASA, () -> "0a4f113b");
        assertTrue(
                auth.challenge(
                        List.of(
                                "Basic realm=\"x\"",
                                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                                        + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\","
                                        + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")));
        String header = auth.authorization("GET", "/dir/index.html").orElseThrow();
        Map<String, String> answer = Authenticator.parameters(header.substring("Digest ".length()));
        assertEquals("6629fae49393a05397450978507c4ef1", answer.get("response"));
        assertEquals("00000001", answer.get("nc"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", answer.get("opaque"));
        assertEquals("Mufasa", answer.get("username"));
        String next = auth.authorization("GET", "/dir/index.html").orElseThrow();
        assertEquals(
                "00000002",
                Authenticator.parameters(next.substring(7)).get("nc"),
                "the nonce count rises");
    }

    @Test
    void digestWithoutQopHashesNonceAndRequest() {
        Authenticator auth = new Authenticator(new Credentials("admin", "secret"));
        assertTrue(
                auth.challenge(List.of("Digest realm=\"GStreamer RTSP Server\", nonce=\"abc\"")));
        String header = auth.authorization("DESCRIBE", "rtsp://cam/main").orElseThrow();
        String ha1 = Authenticator.md5("admin:GStreamer RTSP Server:secret");
        String ha2 = Authenticator.md5("DESCRIBE:rtsp://cam/main");
        assertEquals(
                Authenticator.md5(ha1 + ":abc:" + ha2),
                Authenticator.parameters(header.substring(7)).get("response"));
        assertFalse(header.contains("qop"));
    }

    @Test
    void basicWhenThatIsAllTheServerOffers() {
        Authenticator auth = new Authenticator(MUFASA);
        assertTrue(
                auth.authorization("DESCRIBE", "rtsp://cam/").isEmpty(),
                "nothing before a challenge");
        assertTrue(auth.challenge(List.of("Basic realm=\"cam\"")));
        assertEquals(
                "Basic TXVmYXNhOkNpcmNsZSBPZiBMaWZl",
                auth.authorization("DESCRIBE", "rtsp://cam/").orElseThrow());
    }

    @Test
    void noAnswerWithoutCredentialsOrToUnknownSchemes() {
        assertFalse(new Authenticator(Credentials.NONE).challenge(List.of("Basic realm=\"cam\"")));
        assertFalse(new Authenticator(MUFASA).challenge(List.of("Bearer realm=\"cam\"")));
        assertFalse(
                new Authenticator(MUFASA)
                        .challenge(
                                List.of("Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-256")));
        assertEquals("Credentials[***]", MUFASA.toString());
    }
}

package dev.camrelay.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.camrelay.stream.PublishGate.Verdict;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publish auth decisions, with explicit clock values. */
class PublishGateTest {
    private static final InetAddress CAMERA = address("192.0.2.10");
    private static final InetAddress LEGACY = address("10.1.2.3");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void openWhenNoTokenIsConfigured() {
        PublishGate gate = new PublishGate("", Map.of(), List.of(), 3);
        assertFalse(gate.closed());
        assertEquals(Verdict.ALLOWED, gate.check("cam", null, CAMERA, 0));
        assertEquals(Verdict.ALLOWED, gate.check("cam", "anything", CAMERA, 0));
    }

    @Test
    void globalAndPerStreamTokens() {
        PublishGate gate = new PublishGate("global", Map.of("door", "door-secret"), List.of(), 100);
        assertEquals(Verdict.ALLOWED, gate.check("yard", "global", CAMERA, 0));
        assertEquals(Verdict.ALLOWED, gate.check("door", "door-secret", CAMERA, 0));
        assertEquals(
                Verdict.BAD_TOKEN,
                gate.check("door", "global", CAMERA, 0),
                "a stream with its own token needs that one");
        assertEquals(Verdict.BAD_TOKEN, gate.check("yard", "door-secret", CAMERA, 0));
        assertEquals(
                Verdict.BAD_TOKEN,
                gate.check("yard", "glob", CAMERA, 0),
                "a prefix is not the token");
        assertEquals(Verdict.TOKEN_REQUIRED, gate.check("yard", null, CAMERA, 0));
    }

    @Test
    void onlyPerStreamTokensLeaveNoStreamOpen() {
        PublishGate gate = new PublishGate("", Map.of("door", "d"), List.of(), 100);
        assertEquals(Verdict.BAD_TOKEN, gate.check("yard", "", CAMERA, 0));
        assertEquals(Verdict.TOKEN_REQUIRED, gate.check("yard", null, CAMERA, 0));
        assertEquals(Verdict.ALLOWED, gate.check("door", "d", CAMERA, 0));
    }

    @Test
    void allowListedAddressesPublishWithoutAToken() {
        PublishGate gate = new PublishGate("global", Map.of(), List.of(a -> a.equals(LEGACY)), 100);
        assertEquals(Verdict.ALLOWED, gate.check("stream3", null, LEGACY, 0));
        assertEquals(Verdict.TOKEN_REQUIRED, gate.check("stream3", null, CAMERA, 0));
        assertEquals(
                Verdict.BAD_TOKEN,
                gate.check("stream3", "wrong", LEGACY, 0),
                "a token that is sent must be right");
    }

    @Test
    void tooManyFailuresLockAnAddressWrongTokensOutForAMinute() {
        PublishGate gate = new PublishGate("global", Map.of(), List.of(), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.BAD_TOKEN, gate.check("cam", "guess" + i, CAMERA, 1_000 + i));
        }
        assertEquals(
                Verdict.LOCKED_OUT,
                gate.check("cam", "guess", CAMERA, 2_000),
                "a wrong token, while locked out");
        assertEquals(
                Verdict.LOCKED_OUT,
                gate.check("cam", null, CAMERA, 2_000),
                "no token, while locked out");
        assertEquals(
                Verdict.ALLOWED,
                gate.check("cam", "global", CAMERA, 2_000),
                "the right token still gets in");
        assertEquals(
                Verdict.LOCKED_OUT, gate.check("cam", "guess", CAMERA, 2_001), "and lifts no lock");
        assertEquals(
                Verdict.ALLOWED,
                gate.check("cam", "global", LEGACY, 2_000),
                "other addresses are not affected");
        assertEquals(
                Verdict.ALLOWED,
                gate.check("cam", "global", CAMERA, 61_001),
                "the lock ends with the minute");
    }
}

package dev.camrelay.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camrelay.web.auth.ViewGuard.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewGuardTest {
    private static final long NOW = 1_800_000_000L;
    private final ViewTokens tokens = new ViewTokens("0123456789abcdef0123456789abcdef");
    private final ViewGuard guard = new ViewGuard(tokens, () -> List.of("cam1", "cam2"), () -> NOW);

    @Test
    void openPathsNeedNothing() {
        assertEquals(Outcome.ALLOWED, outcome("/healthz", List.of(), List.of()));
        assertEquals(Outcome.ALLOWED, outcome("/ingest/cam1", List.of(), List.of("garbage")));
    }

    @Test
    void streamsTakeTheirOwnTokenAnAllTokenOrASession() {
        assertEquals(
                Outcome.ALLOWED,
                outcome("/mjpeg/cam1", List.of(), List.of(tokens.sign("cam1", NOW + 5))));
        assertEquals(
                Outcome.ALLOWED,
                outcome("/mjpeg/cam1", List.of(), List.of(tokens.sign("*", NOW + 5))));
        assertEquals(
                Outcome.ALLOWED,
                outcome(
                        "/mjpeg/cam1",
                        List.of(tokens.sign(ViewTokens.SESSION, NOW + 5)),
                        List.of()));
        assertEquals(
                Outcome.ALLOWED,
                outcome(
                        "/mjpeg/cam1",
                        List.of("stale"),
                        List.of("bad", tokens.sign("cam1", NOW + 5))));
    }

    @Test
    void refusals() {
        assertEquals(Outcome.UNAUTHORIZED, outcome("/mjpeg/cam1", List.of(), List.of()));
        assertEquals(
                Outcome.FORBIDDEN,
                outcome("/mjpeg/cam1", List.of(), List.of(tokens.sign("cam2", NOW + 5))));
        assertEquals(
                Outcome.FORBIDDEN,
                outcome("/api/streams", List.of(), List.of(tokens.sign("cam2", NOW + 5))));
        assertEquals(
                Outcome.FORBIDDEN,
                outcome(
                        "/mjpeg/cam1",
                        List.of(),
                        List.of(tokens.sign(ViewTokens.SESSION, NOW + 5))),
                "a session cookie is not a URL token");
        assertEquals(
                Outcome.UNAUTHORIZED,
                outcome("/mjpeg/cam1", List.of(), List.of(tokens.sign("cam1", NOW))));
        assertEquals(
                Outcome.UNAUTHORIZED,
                outcome("/mjpeg/cam1", List.of(), List.of(tokens.sign("gone", NOW + 5))),
                "a stream the relay does not hold: cannot be told from a bad token");
        assertEquals(
                Outcome.UNAUTHORIZED,
                outcome(
                        "/mjpeg/cam1",
                        List.of(tokens.sign(ViewTokens.SESSION, NOW - 1)),
                        List.of()));
        assertEquals(
                Outcome.UNAUTHORIZED,
                outcome("/mjpeg/cam1", List.of(tokens.sign("cam1", NOW + 5)), List.of()),
                "a stream token is no session cookie");
        assertEquals(
                Outcome.UNAUTHORIZED, outcome("/", List.of(), List.of(tokens.sign("*", NOW - 5))));
    }

    private Outcome outcome(String path, List<String> cookies, List<String> presented) {
        return guard.check(ViewPaths.classify(path), cookies, presented).outcome();
    }
}

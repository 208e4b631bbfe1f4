package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Publish tokens on the TCP ingest and the HTTP push: refused cameras create no stream, the legacy
 * header needs the allow-list, wrong guesses lock an address out, demo cameras use the token.
 */
class PublishAuthIT {
    private static final String TOKEN = "s3cret-publish-token";

    @Test
    void textHandshakeNeedsTheRightToken() throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        try (RelayFixture relay =
                RelayFixture.start(
                        "--publish.token=" + TOKEN, "--publish.tokens=door=door-token")) {
            assertRefused(relay, "STREAM yard mjpeg", "ERR unauthorized");
            assertRefused(relay, "STREAM yard mjpeg token=wrong", "ERR unauthorized");
            assertRefused(relay, "STREAM door mjpeg token=" + TOKEN, "ERR unauthorized");
            assertNull(relay.stream("yard"), "a refused camera leaves no stream behind");
            assertNull(relay.stream("door"));
            assertEquals(3, relay.closedFor("unauthorized"));

            StringBuilder answer = new StringBuilder();
            try (FakeCamera camera =
                    FakeCamera.text(
                            relay.ingestPort(), "STREAM door mjpeg token=door-token", answer)) {
                assertEquals("OK", answer.toString());
                camera.frame(frames.get(0));
                RelayFixture.await(
                        "door live", Duration.ofSeconds(5), () -> relay.stream("door") != null);
            }
        }
    }

    @Test
    void legacyHeaderOnlyFromAllowListedAddresses() throws Exception {
        List<byte[]> frames = Jpegs.testsrc();
        try (RelayFixture closed = RelayFixture.start("--publish.token=" + TOKEN)) {
            try (FakeCamera camera = FakeCamera.legacy(closed.ingestPort(), 5, 0, 1)) {
                camera.frame(frames.get(0));
                assertTrue(
                        camera.closedByServer(5000),
                        "no token field in the legacy header: refused");
            }
            assertNull(closed.stream("stream5"));
        }
        try (RelayFixture allowing =
                RelayFixture.start("--publish.token=" + TOKEN, "--publish.allow=127.0.0.0/8")) {
            try (FakeCamera camera = FakeCamera.legacy(allowing.ingestPort(), 5, 0, 1)) {
                camera.frame(frames.get(0));
                RelayFixture.await(
                        "stream5 live from an allowed address",
                        Duration.ofSeconds(5),
                        () -> allowing.stream("stream5") != null);
            }
        }
    }

    @Test
    void wrongGuessesLockTheAddressWrongTokensOut() throws Exception {
        try (RelayFixture relay =
                RelayFixture.start("--publish.token=" + TOKEN, "--publish.failures=3")) {
            for (int i = 0; i < 3; i++) {
                assertRefused(relay, "STREAM cam mjpeg token=guess" + i, "ERR unauthorized");
            }
            assertRefused(relay, "STREAM cam mjpeg token=guess3", "ERR locked-out");
            HttpResponse<String> push = push(relay, "/ingest/cam?token=guess4", null);
            assertEquals(429, push.statusCode(), "the HTTP push shares the budget");
            StringBuilder answer = new StringBuilder();
            try (FakeCamera neighbour =
                    FakeCamera.text(
                            relay.ingestPort(), "STREAM neighbour mjpeg token=" + TOKEN, answer)) {
                assertEquals(
                        "OK",
                        answer.toString(),
                        "a camera with the right token from the locked address gets in");
            }
        }
    }

    @Test
    void httpPushNeedsTheTokenAndARejectedPushPublishesNothing() throws Exception {
        byte[] ts = Jpegs.resource("ts/mpeg1-160x120.ts");
        try (RelayFixture relay = RelayFixture.start("--publish.token=" + TOKEN)) {
            assertEquals(401, push(relay, "/ingest/pushed", null, ts).statusCode());
            assertEquals(403, push(relay, "/ingest/pushed?token=wrong", null, ts).statusCode());
            assertNull(relay.stream("pushed"), "nothing from a rejected push reached the hub");
            HttpResponse<String> ok = push(relay, "/ingest/pushed", "Bearer " + TOKEN, ts);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(((Number) relay.stream("pushed").get("framesIn")).intValue() > 0);
        }
    }

    @Test
    void demoCamerasPresentTheGlobalToken() throws Exception {
        try (RelayFixture relay =
                RelayFixture.start("--publish.token=" + TOKEN, "--demo=true", "--demo.cameras=1")) {
            RelayFixture.await(
                    "demo cameras live",
                    Duration.ofSeconds(10),
                    () ->
                            relay.stream("demo1") != null
                                    && relay.stream("demo-h264") != null
                                    && relay.stream("demo-ts") != null);
        }
    }

    private static void assertRefused(RelayFixture relay, String line, String expected)
            throws Exception {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera = FakeCamera.text(relay.ingestPort(), line, answer)) {
            assertTrue(
                    answer.toString().startsWith(expected),
                    line.replace(TOKEN, "****") + " answered " + answer);
            assertTrue(camera.closedByServer(5000));
        }
    }

    private static HttpResponse<String> push(
            RelayFixture relay, String path, String authorization, byte[]... body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.httpPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .POST(
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body[0]));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

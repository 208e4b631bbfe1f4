package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camrelay.testing.FakeCamera;
import dev.camrelay.testing.MjpegReader;
import dev.camrelay.testing.RawWs;
import dev.camrelay.testing.ViewAuthWs;
import dev.camrelay.web.auth.ViewTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * View auth on a whole relay ({@code --view.auth=true}): signed, expiring, stream-scoped URL
 * tokens, the login cookie, the WebSocket check, {@code /api/sign} and the login budget, on every
 * route (MJPEG, snapshot, legacy {@code /stream<N>}, WebSocket, API, metrics).
 */
class ViewAuthIT {
    private static final String SECRET = "it-secret-0123456789abcdefghijkl";
    private static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build(); // no "Upgrade: h2c", which the legacy route takes for an upgrade
    private static final ViewTokens TOKENS = new ViewTokens(SECRET);

    private static RelayFixture relay;
    private static FakeCamera cam;
    private static FakeCamera other;
    private static FakeCamera legacy;
    private static byte[] jpeg;

    @BeforeAll
    static void start() throws Exception {
        relay =
                RelayFixture.start(
                        "--view.auth=true",
                        "--view.secret=" + SECRET,
                        "--view.password=" + PASSWORD,
                        "--camera.idle.timeout=10m");
        jpeg = Jpegs.resource("bars-320x240.jpg");
        StringBuilder answer = new StringBuilder();
        cam = FakeCamera.text(relay.ingestPort(), "STREAM cam mjpeg", answer);
        assertEquals("OK", answer.toString());
        cam.frame(jpeg);
        other = FakeCamera.text(relay.ingestPort(), "STREAM other mjpeg", new StringBuilder());
        other.frame(Jpegs.testsrc().get(0));
        legacy = FakeCamera.legacy(relay.ingestPort(), 9, 0, 1);
        legacy.frame(jpeg);
        RelayFixture.await(
                "three cameras live",
                Duration.ofSeconds(5),
                () -> {
                    HttpResponse<byte[]> streams = get("/api/streams?token=" + sign("*"));
                    String body = new String(streams.body(), StandardCharsets.UTF_8);
                    return streams.statusCode() == 200
                            && body.contains("\"cam\"")
                            && body.contains("\"other\"")
                            && body.contains("\"stream9\"")
                            && !body.contains("\"framesIn\":0");
                });
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {cam, other, legacy, relay}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void withoutCredentialsEveryProtectedRouteIs401() throws Exception {
        for (String path :
                List.of(
                        "/mjpeg/cam",
                        "/snapshot/cam.jpg",
                        "/stream9",
                        "/api/streams",
                        "/api/ingest",
                        "/api/sign?stream=cam",
                        "/metrics",
                        "/app.js",
                        "/style.css",
                        "/nosuch")) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(401, response.statusCode(), path);
            assertTrue(
                    response.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("text/plain"),
                    path);
            assertTrue(text(response).startsWith("Unauthorized"), path + ": " + text(response));
            assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent(), path);
        }
    }

    @Test
    void theDashboardSendsBrowsersToTheLoginPage() throws Exception {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(302, response.statusCode(), path);
            assertEquals(
                    "/login.html",
                    URI.create(response.headers().firstValue("Location").orElseThrow()).getPath(),
                    path);
        }
        HttpResponse<byte[]> page = get("/login.html");
        assertEquals(200, page.statusCode());
        assertTrue(text(page).contains("name=\"password\""));
        assertEquals(200, get("/login.css").statusCode());
        assertEquals(200, get("/favicon.svg").statusCode(), "the login page's icon");
    }

    @Test
    void healthAndIngestStayOpen() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        assertEquals(200, get("/readyz").statusCode());
        int ingest = get("/ingest/cam").statusCode();
        assertNotEquals(401, ingest, "publish auth is separate");
        assertNotEquals(403, ingest);
    }

    @Test
    void aStreamTokenOpensItsStreamOnEveryRoute() throws Exception {
        String token = sign("cam");
        HttpResponse<byte[]> snapshot = get("/snapshot/cam.jpg?token=" + token);
        assertEquals(200, snapshot.statusCode());
        assertArrayEquals(jpeg, snapshot.body());
        assertArrayEquals(
                jpeg,
                send("GET", "/snapshot/cam.jpg", null, "Authorization", "Bearer " + token).body(),
                "as a bearer token too");
        try (MjpegReader reader = MjpegReader.open(relay.httpPort(), "/mjpeg/cam?token=" + token)) {
            assertEquals(200, reader.status());
            assertArrayEquals(jpeg, reader.nextJpeg());
        }
        try (MjpegReader reader =
                MjpegReader.open(relay.httpPort(), "/stream9?token=" + sign("stream9"))) {
            assertEquals(200, reader.status(), "the legacy route");
            assertArrayEquals(jpeg, reader.nextJpeg());
        }
        assertEquals(
                403,
                get("/api/streams?token=" + token).statusCode(),
                "a stream token is not for the API");
        assertEquals(403, get("/metrics?token=" + token).statusCode());
        assertEquals(302, get("/?token=" + token).statusCode());
    }

    @Test
    void aTokenForAnotherStreamIs403() throws Exception {
        String token = sign("other");
        for (String path : List.of("/mjpeg/cam", "/snapshot/cam.jpg", "/stream9")) {
            HttpResponse<byte[]> response = get(path + "?token=" + token);
            assertEquals(403, response.statusCode(), path);
            assertTrue(text(response).startsWith("Forbidden"), text(response));
        }
    }

    @Test
    void expiredTamperedAndGarbageTokensAre401() throws Exception {
        String expired = TOKENS.sign("cam", now() - 1);
        String valid = sign("cam");
        String tampered =
                valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
        String longer = (now() + 100_000) + valid.substring(valid.indexOf('.'));
        for (String token : List.of(expired, tampered, longer, "garbage", "", "%25zz")) {
            for (String path :
                    List.of("/mjpeg/cam", "/snapshot/cam.jpg", "/stream9", "/api/streams")) {
                assertEquals(
                        401, get(path + "?token=" + token).statusCode(), path + " with " + token);
            }
        }
        assertTrue(text(get("/mjpeg/cam?token=" + expired)).contains("expired"));
        assertEquals(
                401,
                send(
                                "GET",
                                "/api/streams",
                                null,
                                "Authorization",
                                "Bearer " + TOKENS.sign("*", now() - 1))
                        .statusCode());
    }

    @Test
    void anAllTokenOpensEverything() throws Exception {
        String all = sign("*");
        HttpResponse<byte[]> api = get("/api/streams?token=" + all);
        assertEquals(200, api.statusCode());
        assertTrue(text(api).contains("\"cam\""));
        assertEquals(
                200,
                send("GET", "/api/streams", null, "Authorization", "Bearer " + all).statusCode());
        assertEquals(200, get("/snapshot/cam.jpg?token=" + all).statusCode());
        int metrics = get("/metrics?token=" + all).statusCode();
        assertNotEquals(401, metrics, "/metrics takes a * token (for Prometheus scrapers)");
        assertNotEquals(403, metrics);
    }

    @Test
    void theLoginSetsASessionCookieThatOpensEverything() throws Exception {
        HttpResponse<byte[]> wrong = login("not the password");
        assertEquals(401, wrong.statusCode());
        assertTrue(text(wrong).contains("Wrong password"));
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

        HttpResponse<byte[]> right = login(PASSWORD);
        assertEquals(303, right.statusCode());
        assertEquals("/", right.headers().firstValue("Location").orElseThrow());
        String setCookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("camrelay_session="), setCookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200")) {
            assertTrue(setCookie.contains(attribute), attribute + " in " + setCookie);
        }
        assertFalse(setCookie.contains("Secure"), "plain HTTP: no Secure flag");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<byte[]> api = send("GET", "/api/streams", null, "Cookie", cookie);
        assertEquals(200, api.statusCode());
        assertTrue(text(api).contains("\"cam\""));
        HttpResponse<byte[]> dashboard = send("GET", "/", null, "Cookie", cookie);
        assertEquals(200, dashboard.statusCode());
        assertTrue(text(dashboard).contains("app.js"));
        assertEquals(200, send("GET", "/app.js", null, "Cookie", cookie).statusCode());
        assertArrayEquals(jpeg, send("GET", "/snapshot/cam.jpg", null, "Cookie", cookie).body());
        assertEquals(200, mjpegWithCookie("/mjpeg/cam", cookie));
        assertEquals(200, mjpegWithCookie("/stream9", cookie));

        assertEquals(
                401,
                send("GET", "/api/streams", null, "Cookie", "camrelay_session=" + sign("cam"))
                        .statusCode(),
                "a stream token is no session");
        assertEquals(
                401,
                send(
                                "GET",
                                "/api/streams",
                                null,
                                "Cookie",
                                "camrelay_session=" + TOKENS.sign("@session", now() - 1))
                        .statusCode(),
                "an expired session");

        HttpResponse<byte[]> logout = send("POST", "/logout", "", "Cookie", cookie);
        assertEquals(303, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    }

    @Test
    void anUnauthenticatedWebSocketIsRefusedBeforeTheUpgrade() throws Exception {
        int port = relay.httpPort();
        for (String path :
                List.of(
                        "/ws/cam",
                        "/ws/cam?token=garbage",
                        "/ws/cam?token=" + TOKENS.sign("cam", now() - 1),
                        "/stream9",
                        "/ws/nosuch")) {
            assertEquals(401, RawWs.upgradeStatus(port, path), path);
        }
        assertEquals(403, RawWs.upgradeStatus(port, "/ws/cam?token=" + sign("other")));
        assertEquals(
                401,
                RawWs.upgradeStatus(port, "/ws/cam", "Cookie: camrelay_session=" + sign("cam")),
                "a stream token is no session cookie");
        assertEquals(
                101,
                RawWs.upgradeStatus(port, "/ws/cam?token=" + sign("cam")),
                "the control: a valid token is upgraded");
    }

    @Test
    void anAuthenticatedWebSocketGetsFrames() throws Exception {
        try (ViewAuthWs viewer =
                ViewAuthWs.connect(relay.httpPort(), "/ws/cam?token=" + sign("cam"), null)) {
            assertArrayEquals(jpeg, viewer.next());
        }
        try (ViewAuthWs viewer =
                ViewAuthWs.connect(relay.httpPort(), "/stream9?token=" + sign("stream9"), null)) {
            assertArrayEquals(jpeg, viewer.next(), "the legacy route as an upgrade");
        }
        try (ViewAuthWs viewer =
                ViewAuthWs.connect(relay.httpPort(), "/ws/cam?token=" + sign("*"), null)) {
            assertArrayEquals(jpeg, viewer.next());
        }
        String cookie = sessionCookie();
        try (ViewAuthWs viewer =
                ViewAuthWs.connect(relay.httpPort(), "/ws/cam", "theme=dark; " + cookie)) {
            assertArrayEquals(jpeg, viewer.next(), "the dashboard's way: the session cookie");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void signHandsOutWorkingTokens() throws Exception {
        String cookie = sessionCookie();
        long before = now();
        HttpResponse<byte[]> response =
                send("GET", "/api/sign?stream=cam&ttl=120", null, "Cookie", cookie);
        assertEquals(200, response.statusCode());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        Map<String, Object> signed = JSON.readValue(response.body(), Map.class);
        assertEquals("cam", signed.get("stream"));
        String token = (String) signed.get("token");
        long expires = ((Number) signed.get("expires")).longValue();
        assertTrue(expires >= before + 120 && expires <= now() + 120, "expires " + expires);
        assertEquals("/mjpeg/cam?token=" + token, signed.get("mjpeg"));
        assertEquals("/ws/cam?token=" + token, signed.get("ws"));
        try (MjpegReader reader =
                MjpegReader.open(relay.httpPort(), (String) signed.get("mjpeg"))) {
            assertEquals(200, reader.status());
            assertArrayEquals(jpeg, reader.nextJpeg());
        }
        try (ViewAuthWs viewer =
                ViewAuthWs.connect(relay.httpPort(), (String) signed.get("ws"), null)) {
            assertArrayEquals(jpeg, viewer.next());
        }
        assertEquals(403, get("/mjpeg/other?token=" + token).statusCode());

        Map<String, Object> defaults =
                JSON.readValue(
                        send("GET", "/api/sign?stream=cam", null, "Cookie", cookie).body(),
                        Map.class);
        long ttl = ((Number) defaults.get("expires")).longValue() - now();
        assertTrue(ttl > 3590 && ttl <= 3600, "default ttl 1 h: " + ttl);

        Map<String, Object> all =
                JSON.readValue(
                        send("GET", "/api/sign?stream=*", null, "Cookie", cookie).body(),
                        Map.class);
        assertEquals(200, get("/api/streams?token=" + all.get("token")).statusCode());
        assertNull(all.get("mjpeg"));

        for (String bad :
                List.of(
                        "stream=cam&ttl=0",
                        "stream=cam&ttl=604801",
                        "stream=cam&ttl=abc",
                        "stream=a%20b",
                        "stream=",
                        "ttl=5")) {
            assertEquals(
                    400, send("GET", "/api/sign?" + bad, null, "Cookie", cookie).statusCode(), bad);
        }
        assertEquals(
                200,
                send("GET", "/api/sign?stream=cam&ttl=604800", null, "Cookie", cookie).statusCode(),
                "7 days is the maximum");
        assertEquals(
                403,
                get("/api/sign?stream=cam&token=" + sign("cam")).statusCode(),
                "a stream token cannot sign");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTokenCannotMintTokensThatOutliveIt() throws Exception {
        String shortLived = TOKENS.sign("*", now() + 60);
        assertEquals(
                403,
                get("/api/sign?stream=*&ttl=604800&token=" + shortLived).statusCode(),
                "a 7-day * token");
        assertEquals(
                403,
                get("/api/sign?stream=cam&ttl=3600&token=" + shortLived).statusCode(),
                "a 1-hour stream token");
        HttpResponse<byte[]> within = get("/api/sign?stream=cam&ttl=30&token=" + shortLived);
        assertEquals(200, within.statusCode(), "a token that expires before the signer");
        Map<String, Object> defaults =
                JSON.readValue(get("/api/sign?stream=*&token=" + shortLived).body(), Map.class);
        assertTrue(
                ((Number) defaults.get("expires")).longValue() <= ViewTokens.expiry(shortLived),
                "the default lifetime ends with the signer's: " + defaults);
    }

    @Test
    void theLoginBudgetGives429AfterTenWrongPasswords() throws Exception {
        // a relay of its own: the budget is per address, and every test here comes from 127.0.0.1
        try (RelayFixture own =
                RelayFixture.start(
                        "--view.auth=true",
                        "--view.secret=" + SECRET,
                        "--view.password=" + PASSWORD)) {
            for (int i = 1; i <= 10; i++) {
                assertEquals(401, login(own, "wrong " + i).statusCode(), "attempt " + i);
            }
            HttpResponse<byte[]> limited = login(own, "wrong 11");
            assertEquals(429, limited.statusCode());
            long retryAfter =
                    Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
            HttpResponse<byte[]> right = login(own, PASSWORD);
            assertEquals(
                    429,
                    right.statusCode(),
                    "the right password does not get through a lockout either");
            assertTrue(right.headers().firstValue("Set-Cookie").isEmpty());
        }
        assertEquals(303, login(PASSWORD).statusCode(), "another relay, another budget");
    }

    @Test
    void withViewAuthOffNothingChanges() throws Exception {
        try (RelayFixture open = RelayFixture.start()) {
            assertEquals(200, open.get("/api/streams").statusCode());
            assertEquals(200, open.get("/").statusCode());
            assertEquals(
                    404,
                    open.get("/api/sign?stream=cam").statusCode(),
                    "no signing without view auth");
            HttpResponse<byte[]> login =
                    HTTP.send(
                            HttpRequest.newBuilder(open.uri("/login"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("password=x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertNotEquals(303, login.statusCode());
            assertTrue(login.headers().firstValue("Set-Cookie").isEmpty());
            try (ViewAuthWs viewer = ViewAuthWs.connect(open.httpPort(), "/ws/nosuch", null)) {
                assertEquals(
                        4404,
                        viewer.closeCode(5000),
                        "no auth check: straight to the stream look-up");
            }
        }
    }

    // --- helpers ---

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String sign(String scope) {
        return TOKENS.sign(scope, now() + 600);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private static HttpResponse<byte[]> send(
            String method, String path, String form, String... headers)
            throws IOException, InterruptedException {
        return send(relay, method, path, form, headers);
    }

    private static HttpResponse<byte[]> send(
            RelayFixture target, String method, String path, String form, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target.uri(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> login(String password)
            throws IOException, InterruptedException {
        return login(relay, password);
    }

    private static HttpResponse<byte[]> login(RelayFixture target, String password)
            throws IOException, InterruptedException {
        return send(
                target,
                "POST",
                "/login",
                "password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    /** Logs in and returns the {@code name=value} of the session cookie. */
    private static String sessionCookie() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = login(PASSWORD);
        assertEquals(303, response.statusCode());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /**
     * The status of a never-ending MJPEG response with a cookie; for a 200 also that a JPEG
     * arrives.
     */
    private static int mjpegWithCookie(String path, String cookie) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(relay.uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Cookie", cookie)
                        .build();
        HttpResponse<InputStream> response =
                HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 200) {
                assertTrue(
                        response.headers()
                                .firstValue("Content-Type")
                                .orElse("")
                                .startsWith("multipart/x-mixed-replace"));
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                while (Bytes.indexOf(seen.toByteArray(), jpeg) < 0) {
                    int n = body.read(buffer);
                    assertNotEquals(-1, n, "the stream ended before a whole JPEG");
                    seen.write(buffer, 0, n);
                    assertTrue(seen.size() < 4 * 1024 * 1024, "no JPEG in the first 4 MiB");
                }
                assertNotNull(seen);
            }
        }
        return response.statusCode();
    }
}

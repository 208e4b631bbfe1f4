package dev.camrelay.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.web.auth.ViewPaths.Kind;
import org.junit.jupiter.api.Test;

class ViewPathsTest {
    @Test
    void loginHealthAndIngestAreOpen() {
        for (String path :
                new String[] {
                    "/login",
                    "/logout",
                    "/login.html",
                    "/login.css",
                    "/favicon.svg",
                    "/healthz",
                    "/readyz",
                    "/ingest",
                    "/ingest/cam1"
                }) {
            assertEquals(Kind.OPEN, ViewPaths.classify(path).kind(), path);
        }
    }

    @Test
    void streamRoutesNeedTheirStream() {
        assertStream("/mjpeg/cam1", "cam1");
        assertStream("/snapshot/cam1.jpg", "cam1");
        assertStream("/snapshot/cam1", "cam1");
        assertStream("/ws/cam-2_x", "cam-2_x");
        assertStream("/stream7", "stream7");
        assertStream("/stream65535", "stream65535");
    }

    @Test
    void everythingElseNeedsAll() {
        for (String path :
                new String[] {
                    "",
                    "/",
                    "/index.html",
                    "/app.js",
                    "/style.css",
                    "/api/streams",
                    "/api/sign",
                    "/metrics",
                    "/mjpeg/",
                    "/mjpeg/*",
                    "/mjpeg/a/b",
                    "/snapshot/.jpg",
                    "/ws/",
                    "/stream",
                    "/stream123456",
                    "/streamx",
                    "/login.html/x",
                    "/ingestx",
                    "/LOGIN",
                    "/healthz/x",
                    "/favicon.ico"
                }) {
            assertEquals(Kind.ALL, ViewPaths.classify(path).kind(), path);
        }
    }

    @Test
    void onlyStreamRoutesAreWebSocketRoutes() {
        assertTrue(ViewPaths.isWebSocketRoute("/ws/cam1"));
        assertTrue(ViewPaths.isWebSocketRoute("/stream3"));
        assertFalse(ViewPaths.isWebSocketRoute("/mjpeg/cam1"));
        assertFalse(ViewPaths.isWebSocketRoute("/index.html"));
        assertFalse(ViewPaths.isWebSocketRoute("/api/streams"));
        assertFalse(ViewPaths.isWebSocketRoute(null));
    }

    private static void assertStream(String path, String name) {
        assertEquals(Kind.STREAM, ViewPaths.classify(path).kind(), path);
        assertEquals(name, ViewPaths.classify(path).stream(), path);
    }
}

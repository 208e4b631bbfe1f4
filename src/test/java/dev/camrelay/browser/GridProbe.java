package dev.camrelay.browser;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the grid test reads from the page and the relay in one round trip: every tile's mode,
 * subscription, frames painted, position and its newest WebSocket (URL and state, recorded by a
 * wrapper around the page's WebSocket constructor), plus the relay's own per-stream counters from
 * {@code /api/streams} (frames in and out, frames held back by a viewer's rate cap, viewers, fps
 * in), fetched by the page at the same moment.
 */
final class GridProbe {
    /** Installed before the dashboard's scripts run: remembers every WebSocket the page opens. */
    static final String SOCKET_RECORDER =
            """
            window.__sockets = [];
            window.WebSocket = class extends WebSocket {
              constructor(url, protocols) {
                super(url, protocols);
                window.__sockets.push(this);
              }
            };""";

    private static final String SAMPLE =
            """
            const done = arguments[arguments.length - 1];
            fetch('api/streams', {cache: 'no-store'}).then(r => r.json()).then(body => {
              const now = performance.now();
              const tiles = Array.from(document.querySelectorAll('#grid [data-stream]')).map(t => {
                const name = t.dataset.stream;
                const mine = (window.__sockets || []).filter(ws =>
                    decodeURIComponent(new URL(ws.url).pathname).endsWith('/ws/' + name));
                const ws = mine[mine.length - 1];
                const r = t.getBoundingClientRect();
                return {name, format: t.dataset.format || null, mode: t.dataset.mode || null,
                        subscribed: t.dataset.subscribed === 'true', frames: Number(t.dataset.frames || 0),
                        top: r.top, bottom: r.bottom, viewportHeight: innerHeight,
                        url: ws ? ws.url : null, socketState: ws ? ws.readyState : -1,
                        socketsOpen: mine.filter(s => s.readyState === WebSocket.OPEN).length};
              });
              done({now, tiles, streams: body.streams});
            }, e => done({error: String(e)}));""";

    /**
     * One tile and its camera's relay counters: viewers, frames out and rate-capped frames of both
     * renditions together, frames in of the renditions someone watches.
     */
    record Tile(
            String name,
            String format,
            String mode,
            boolean subscribed,
            long frames,
            double top,
            double bottom,
            double viewportHeight,
            String url,
            int socketState,
            int socketsOpen,
            long framesOut,
            int viewers,
            double fpsIn,
            long framesIn,
            long rateCapped) {
        boolean onScreen() {
            return bottom > 0 && top < viewportHeight;
        }

        /** The newest WebSocket's query parameters ({@code quality=auto} etc.), empty when none. */
        Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            String raw = url == null ? null : URI.create(url).getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    q.put(
                            eq < 0 ? pair : pair.substring(0, eq),
                            eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            return q;
        }
    }

    /** A moment: page clock in seconds and every tile by name, in page order. */
    record Sample(double seconds, Map<String, Tile> tiles) {
        Tile tile(String name) {
            return tiles.get(name);
        }

        int serverViewers() {
            return tiles.values().stream().mapToInt(Tile::viewers).sum();
        }

        long subscribedTiles() {
            return tiles.values().stream().filter(Tile::subscribed).count();
        }
    }

    private GridProbe() {}

    @SuppressWarnings("unchecked")
    static Sample sample(ChromeDriver driver) {
        Map<String, Object> raw = (Map<String, Object>) driver.executeAsyncScript(SAMPLE);
        if (raw.containsKey("error")) {
            throw new IllegalStateException("page could not read api/streams: " + raw.get("error"));
        }
        Map<String, Map<String, Object>> streams = new LinkedHashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) raw.get("streams")) {
            streams.merge((String) s.get("name"), watched(s), GridProbe::bothRenditions);
        }
        Map<String, Tile> tiles = new LinkedHashMap<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) raw.get("tiles")) {
            String name = (String) t.get("name");
            Map<String, Object> s = streams.getOrDefault(name, Map.of());
            tiles.put(
                    name,
                    new Tile(
                            name,
                            (String) t.get("format"),
                            (String) t.get("mode"),
                            (Boolean) t.get("subscribed"),
                            num(t.get("frames")).longValue(),
                            num(t.get("top")).doubleValue(),
                            num(t.get("bottom")).doubleValue(),
                            num(t.get("viewportHeight")).doubleValue(),
                            (String) t.get("url"),
                            num(t.get("socketState")).intValue(),
                            num(t.get("socketsOpen")).intValue(),
                            num(s.get("framesOut")).longValue(),
                            num(s.get("viewers")).intValue(),
                            num(s.get("fpsIn")).doubleValue(),
                            num(s.get("framesIn")).longValue(),
                            num(s.get("rateCapped")).longValue()));
        }
        return new Sample(num(raw.get("now")).doubleValue() / 1000, tiles);
    }

    /** One rendition's counters; its frames in count only while someone watches it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> watched(Map<String, Object> s) {
        Map<String, Object> byReason =
                (Map<String, Object>) s.getOrDefault("droppedByReason", Map.of());
        boolean watched = num(s.get("viewers")).intValue() > 0;
        return Map.of(
                "viewers",
                num(s.get("viewers")).intValue(),
                "framesOut",
                num(s.get("framesOut")).longValue(),
                "fpsIn",
                num(s.get("fpsIn")).doubleValue(),
                "framesIn",
                watched ? num(s.get("framesIn")).longValue() : 0L,
                "rateCapped",
                num(byReason.get("rate_cap")).longValue());
    }

    /** A demo camera's two renditions as one: counters summed, the higher input rate. */
    private static Map<String, Object> bothRenditions(
            Map<String, Object> a, Map<String, Object> b) {
        return Map.of(
                "viewers",
                num(a.get("viewers")).intValue() + num(b.get("viewers")).intValue(),
                "framesOut",
                num(a.get("framesOut")).longValue() + num(b.get("framesOut")).longValue(),
                "fpsIn",
                Math.max(num(a.get("fpsIn")).doubleValue(), num(b.get("fpsIn")).doubleValue()),
                "framesIn",
                num(a.get("framesIn")).longValue() + num(b.get("framesIn")).longValue(),
                "rateCapped",
                num(a.get("rateCapped")).longValue() + num(b.get("rateCapped")).longValue());
    }

    private static Number num(Object o) {
        return o instanceof Number n ? n : 0;
    }
}

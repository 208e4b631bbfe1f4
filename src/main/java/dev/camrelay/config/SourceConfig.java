package dev.camrelay.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A camera the relay pulls: {@code source.<name>=rtsp://user:pass@host/path}, an optional {@code
 * source.<name>.low} URL for the low rendition (the camera's sub-stream), a title, and whether it
 * is pulled only while watched. The URLs hold credentials: {@code toString} never shows them.
 *
 * @param lowUrl empty when the camera has no configured sub-stream
 * @param title the name to show; the stream name when not given
 * @param onDemand connect at a rendition's first viewer instead of at start
 * @param linger how long an on-demand rendition stays connected after its last viewer left
 * @param udp RTP over UDP ({@code source.<name>.transport=udp}) instead of interleaved in the RTSP
 *     connection
 */
public record SourceConfig(
        String name,
        String url,
        String lowUrl,
        String title,
        boolean onDemand,
        Duration linger,
        boolean udp) {
    /** How long an on-demand camera stays connected after its last viewer, unless configured. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public SourceConfig {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(
                    "source." + name, "(masked)", "a stream name is 1 to 64 of A-Z a-z 0-9 _ -");
        }
        requireRtsp("source." + name, url);
        if (!lowUrl.isEmpty()) {
            requireRtsp("source." + name + ".low", lowUrl);
        }
        title = title.isBlank() ? name : title.strip();
    }

    private static void requireRtsp(String key, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null
                    || !uri.getScheme().toLowerCase(Locale.ROOT).equals("rtsp")
                    || uri.getHost() == null) {
                throw new ConfigException(
                        key, masked(url), "must be rtsp://[user:password@]host[:port]/path");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    key,
                    masked(url),
                    "not a URL ("
                            + e.getReason()
                            + "; percent-encode special characters of the password, e.g. @ as"
                            + " %40)");
        }
    }

    /** The URL with any user:password@ replaced by ***@. */
    static String masked(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    @Override
    public String toString() {
        return "SourceConfig["
                + name
                + "="
                + masked(url)
                + (lowUrl.isEmpty() ? "" : ", low=" + masked(lowUrl))
                + ", title="
                + title
                + (onDemand ? ", on-demand, linger=" + linger : "")
                + (udp ? ", udp" : "")
                + "]";
    }
}

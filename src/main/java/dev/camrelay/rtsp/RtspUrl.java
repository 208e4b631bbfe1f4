package dev.camrelay.rtsp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A camera URL split into the URL the requests name (without user info) and the credentials, which
 * go only into Authorization headers. {@code toString} is the URL without credentials. User and
 * password may be percent-encoded ({@code p%40ss} for {@code p@ss}).
 */
public record RtspUrl(String url, String host, int port, Credentials credentials) {
    public static final int DEFAULT_PORT = 554;

    public static RtspUrl parse(String raw) {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be rtsp://[user:password@]host[:port]/path");
        }
        Credentials credentials = Credentials.NONE;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            credentials =
                    colon < 0
                            ? new Credentials(decode(userInfo), "")
                            : new Credentials(
                                    decode(userInfo.substring(0, colon)),
                                    decode(userInfo.substring(colon + 1)));
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String path =
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String hostPart = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new RtspUrl("rtsp://" + hostPart + path + query, uri.getHost(), port, credentials);
    }

    /**
     * The same camera at another URL (a redirect), keeping these credentials unless it names its
     * own.
     */
    RtspUrl redirect(String location) {
        RtspUrl target = parse(location);
        return target.credentials.present()
                ? target
                : new RtspUrl(target.url, target.host, target.port, credentials);
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return url;
    }
}

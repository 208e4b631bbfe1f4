package dev.camrelay.sender;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how one camera pushes its stream.
 *
 * @param host relay host
 * @param port relay ingest port
 * @param name stream name; for the legacy handshake always {@code stream<N>}
 * @param legacyStreamNumber N of the legacy binary header, or null for the text handshake
 * @param quality rendition announced in the handshake
 * @param framing frame framing after the handshake; the legacy header only knows length framing
 * @param fps frames per second to pace to; 0 sends each frame as soon as the source has it
 * @param format what the frames are: JPEGs, H.264 pictures in Annex B, or MPEG-TS
 * @param token publish token for the text handshake, or null; the legacy header has no field for
 *     one
 */
public record CameraSettings(
        String host,
        int port,
        String name,
        Integer legacyStreamNumber,
        Quality quality,
        Framing framing,
        int fps,
        Format format,
        String token) {

    /**
     * The relay's rule for stream names (DESIGN §3); checked here so a bad name fails before
     * connecting.
     */
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final int MAX_FPS = 1000;

    public CameraSettings {
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(format, "format");
        if (token != null && (token.isEmpty() || token.chars().anyMatch(c -> c <= ' '))) {
            throw new IllegalArgumentException("a token must be non-empty without spaces");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
        }
        if (fps < 0 || fps > MAX_FPS) {
            throw new IllegalArgumentException(
                    "fps must be between 0 and " + MAX_FPS + ", not " + fps);
        }
        if (legacyStreamNumber != null) {
            if (legacyStreamNumber < 0) {
                throw new IllegalArgumentException(
                        "legacy stream number must be >= 0, not " + legacyStreamNumber);
            }
            if (framing != Framing.LENGTH) {
                throw new IllegalArgumentException(
                        "the legacy handshake only supports length framing");
            }
            if (token != null) {
                throw new IllegalArgumentException(
                        "the legacy handshake cannot carry a token; use --name, or put the camera on publish.allow");
            }
            String legacyName = "stream" + legacyStreamNumber;
            if (name != null && !name.equals(legacyName)) {
                throw new IllegalArgumentException(
                        "legacy stream "
                                + legacyStreamNumber
                                + " is named "
                                + legacyName
                                + ", not "
                                + name);
            }
            name = legacyName;
        } else if (name == null || !STREAM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "stream name must match [A-Za-z0-9_-]{1,64}, not " + name);
        }
    }

    /** Settings for an MJPEG camera with the text handshake ({@code STREAM <name> mjpeg ...}). */
    public static CameraSettings text(
            String host, int port, String name, Quality quality, Framing framing, int fps) {
        return new CameraSettings(
                host, port, name, null, quality, framing, fps, Format.MJPEG, null);
    }

    /**
     * Settings for the original server's 12-byte binary header; the stream is named {@code
     * stream<N>}.
     */
    public static CameraSettings legacy(
            String host, int port, int streamNumber, Quality quality, int fps) {
        return new CameraSettings(
                host, port, null, streamNumber, quality, Framing.LENGTH, fps, Format.MJPEG, null);
    }

    /** The same camera sending another format. */
    public CameraSettings withFormat(Format other) {
        return new CameraSettings(
                host,
                port,
                legacyStreamNumber == null ? name : null,
                legacyStreamNumber,
                quality,
                framing,
                fps,
                other,
                token);
    }

    /** The same camera presenting a publish token (null for none). */
    public CameraSettings withToken(String publishToken) {
        return new CameraSettings(
                host,
                port,
                legacyStreamNumber == null ? name : null,
                legacyStreamNumber,
                quality,
                framing,
                fps,
                format,
                publishToken);
    }

    /** Tokens are secrets: never in logs. */
    @Override
    public String toString() {
        return "CameraSettings["
                + name
                + " -> "
                + host
                + ":"
                + port
                + ", "
                + format.wireName()
                + ", "
                + quality.wireName()
                + ", "
                + framing.wireName()
                + ", "
                + fps
                + " fps"
                + (legacyStreamNumber != null ? ", legacy" : "")
                + (token != null ? ", token=****" : "")
                + "]";
    }

    public boolean usesLegacyHandshake() {
        return legacyStreamNumber != null;
    }
}

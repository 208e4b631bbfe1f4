package dev.camrelay.rtsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an SDP body (RFC 8866) that pulling a camera needs: the session-level control URL
 * and each media section's payload type, rtpmap, fmtp and control URL. Unknown lines are ignored,
 * as SDP asks.
 */
public record SessionDescription(String control, List<SdpMedia> media) {

    public SessionDescription {
        media = List.copyOf(media);
    }

    public static SessionDescription parse(String sdp) {
        String sessionControl = "";
        List<SdpMedia> media = new ArrayList<>();
        MediaLines current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            String value = line.substring(2);
            if (line.charAt(0) == 'm') {
                if (current != null) {
                    current.build().ifPresent(media::add);
                }
                current = new MediaLines(value);
            } else if (line.charAt(0) == 'a' && value.startsWith("control:")) {
                if (current == null) {
                    sessionControl = value.substring("control:".length()).strip();
                } else {
                    current.control = value.substring("control:".length()).strip();
                }
            } else if (line.charAt(0) == 'a' && current != null) {
                current.attribute(value);
            }
        }
        if (current != null) {
            current.build().ifPresent(media::add);
        }
        return new SessionDescription(sessionControl, media);
    }

    /** The first media section whose encoding is one of {@code encodings}. */
    public Optional<SdpMedia> first(String... encodings) {
        for (SdpMedia m : media) {
            for (String encoding : encodings) {
                if (m.encoding().equals(encoding)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** The lines of one m= section, collected until the next one begins. */
    private static final class MediaLines {
        private final String kind;
        private final int payloadType;
        private String encoding = "";
        private int clockRate;
        private final Map<String, String> fmtp = new HashMap<>();
        private String control = "";

        MediaLines(String mLine) {
            String[] parts = mLine.split(" +");
            kind = parts[0];
            int type = -1;
            if (parts.length >= 4) {
                try {
                    type = Integer.parseInt(parts[3]);
                } catch (NumberFormatException e) {
                    type = -1;
                }
            }
            payloadType = type;
        }

        void attribute(String value) {
            String prefix = payloadType + " ";
            if (value.startsWith("rtpmap:") && value.substring(7).startsWith(prefix)) {
                String[] map = value.substring(7 + prefix.length()).strip().split("/");
                encoding = map[0];
                if (map.length > 1) {
                    try {
                        clockRate = Integer.parseInt(map[1].strip());
                    } catch (NumberFormatException e) {
                        clockRate = 0;
                    }
                }
            } else if (value.startsWith("fmtp:") && value.substring(5).startsWith(prefix)) {
                for (String parameter : value.substring(5 + prefix.length()).split(";")) {
                    int equals = parameter.indexOf('=');
                    if (equals > 0) {
                        fmtp.put(
                                parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                                parameter.substring(equals + 1).strip());
                    }
                }
            }
        }

        Optional<SdpMedia> build() {
            if (payloadType < 0 || payloadType > 127) {
                return Optional.empty();
            }
            // static payload types may come without an rtpmap
            String name = encoding.isEmpty() && payloadType == 26 ? "JPEG" : encoding;
            return Optional.of(new SdpMedia(kind, payloadType, name, clockRate, fmtp, control));
        }
    }
}

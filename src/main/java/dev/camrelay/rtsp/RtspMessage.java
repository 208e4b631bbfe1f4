package dev.camrelay.rtsp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the server sends on an RTSP connection: a response, a request of its own, or an RTP/RTCP
 * frame.
 */
sealed interface RtspMessage {

    /** One interleaved frame ({@code $}, channel, 16-bit length, data; RFC 2326 10.12). */
    record Interleaved(int channel, byte[] data) implements RtspMessage {}

    /**
     * A response, or a request from the server ({@code status} 0, {@code reason} holding its
     * request line). Header names are lower case; a header may repeat (WWW-Authenticate).
     */
    record Response(int status, String reason, Map<String, List<String>> headers, byte[] body)
            implements RtspMessage {
        public Response {
            headers = Map.copyOf(headers);
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty()
                    ? Optional.empty()
                    : Optional.of(values.get(0));
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        boolean isRequest() {
            return status == 0;
        }
    }
}

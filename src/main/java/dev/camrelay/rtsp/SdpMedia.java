package dev.camrelay.rtsp;

import java.util.Locale;
import java.util.Map;

/**
 * One {@code m=} section of a session description: its first payload type with that type's {@code
 * a=rtpmap} and {@code a=fmtp}, and its {@code a=control} (empty when absent).
 *
 * @param kind "video", "audio", ...
 * @param payloadType the RTP payload type the server will send
 * @param encoding the rtpmap encoding name in upper case, e.g. H264, H265, MPEG4-GENERIC
 * @param clockRate the RTP clock rate in Hz (0 when not given)
 * @param fmtp format parameters by lower-case name
 * @param control the control attribute as written: absolute, relative or "*"
 */
public record SdpMedia(
        String kind,
        int payloadType,
        String encoding,
        int clockRate,
        Map<String, String> fmtp,
        String control) {

    public SdpMedia {
        encoding = encoding.toUpperCase(Locale.ROOT);
        fmtp = Map.copyOf(fmtp);
    }

    public String fmtp(String name) {
        return fmtp.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
}

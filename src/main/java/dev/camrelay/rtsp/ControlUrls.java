package dev.camrelay.rtsp;

/**
 * Resolves an SDP control attribute (RFC 2326 C.1.1) against the base URL: Content-Base, else
 * Content-Location, else the DESCRIBE URL. Relative controls are appended with one slash, as
 * cameras mean ({@code rtsp://cam/live} + {@code trackID=1} is {@code rtsp://cam/live/trackID=1}),
 * which is what ffmpeg and go2rtc do too, not RFC 3986 resolution.
 */
final class ControlUrls {
    private ControlUrls() {}

    static String resolve(String base, String control) {
        if (control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7)
                || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        String relative = control.startsWith("/") ? control.substring(1) : control;
        return base.endsWith("/") ? base + relative : base + "/" + relative;
    }
}

package dev.camrelay.rtsp;

import java.io.IOException;

/** The server broke the protocol or a bound (garbage, oversize header, body or frame). */
final class RtspProtocolException extends IOException {
    RtspProtocolException(String message) {
        super(message);
    }
}

package dev.camrelay.rtsp;

import java.io.IOException;

/** The camera answered a request with an error status, or redirected too often. */
final class RtspStatusException extends IOException {
    RtspStatusException(String message) {
        super(message);
    }
}

package dev.camrelay.rtsp;

import java.io.IOException;

/** The camera answered 401 to our credentials (or we have none to give). */
final class UnauthorizedException extends IOException {
    UnauthorizedException(String message) {
        super(message);
    }
}

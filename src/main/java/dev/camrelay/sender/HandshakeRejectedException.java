package dev.camrelay.sender;

import java.io.IOException;

/** The relay answered the text handshake with {@code ERR <code> <reason>}. */
final class HandshakeRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    HandshakeRejectedException(String answerLine) {
        super("relay answered: " + answerLine);
    }
}

package dev.camrelay.sender;

/** The {@code send} command line is wrong; the message says how, in terms of its options. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

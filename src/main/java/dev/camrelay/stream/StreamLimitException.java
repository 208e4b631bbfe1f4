package dev.camrelay.stream;

/** The hub already holds as many streams as configured. */
public final class StreamLimitException extends Exception {
    public StreamLimitException(int limit) {
        super("stream limit of " + limit + " reached");
    }
}

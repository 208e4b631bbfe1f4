package dev.camrelay.ingest;

/** A camera connection must end, for a counted reason. */
final class IngestException extends Exception {
    private final RejectReason reason;

    IngestException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}

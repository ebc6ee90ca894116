package dev.healthmon.prober.check;

/** A check attempt ended for a reason of the prober's own: the run tells nothing about the target. */
final class NotCheckedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final NotCheckedReason reason;

    NotCheckedException(NotCheckedReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    NotCheckedReason reason() {
        return reason;
    }
}

package dev.healthmon.prober.check;

/** A check attempt ran out of time; {@code phase} says what it was waiting for. */
final class ProbeTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Attempt.Phase phase;

    ProbeTimeoutException(Attempt.Phase phase, long timeoutMs) {
        super("no answer within " + timeoutMs + " ms while " + phase.description, null, false, false);
        this.phase = phase;
    }

    Attempt.Phase phase() {
        return phase;
    }
}

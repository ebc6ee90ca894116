package dev.healthmon.analyzer.circuit;

import dev.healthmon.schemas.CircuitState;
import java.util.Arrays;

/**
 * The only moves a circuit breaker may make, as in resilience4j's state machine. Anything else is a bug and
 * fails loudly rather than publishing an impossible history.
 */
public enum CircuitTransition {
    CLOSED_TO_OPEN(CircuitState.CLOSED, CircuitState.OPEN),
    OPEN_TO_HALF_OPEN(CircuitState.OPEN, CircuitState.HALF_OPEN),
    HALF_OPEN_TO_CLOSED(CircuitState.HALF_OPEN, CircuitState.CLOSED),
    HALF_OPEN_TO_OPEN(CircuitState.HALF_OPEN, CircuitState.OPEN),
    /** Only by a reset (the target paused or deleted), never by results. */
    OPEN_TO_CLOSED(CircuitState.OPEN, CircuitState.CLOSED);

    private final CircuitState from;
    private final CircuitState to;

    CircuitTransition(CircuitState from, CircuitState to) {
        this.from = from;
        this.to = to;
    }

    public CircuitState from() {
        return from;
    }

    public CircuitState to() {
        return to;
    }

    /** The whitelisted transition between two states; throws if there is none. */
    public static CircuitTransition between(CircuitState from, CircuitState to) {
        return Arrays.stream(values()).filter(t -> t.from == from && t.to == to).findFirst()
                .orElseThrow(() -> new IllegalStateException("Illegal circuit transition " + from + " -> " + to));
    }
}

package dev.healthmon.analyzer.incident;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.TargetState;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of period a target goes through, each opened and closed by a pair of events sharing a period id.
 * The first three follow the target state; the circuit period follows the circuit breaker.
 */
public enum PeriodKind {
    /**
     * Open while the target is {@code DOWN}, and kept open through {@code NO_DATA} and {@code UNKNOWN}: nobody saw
     * the target recover, so the incident is only closed by a recovery ({@code UP} or {@code DEGRADED}), a pause
     * or a deletion.
     */
    INCIDENT(HealthEventType.TARGET_DOWN, HealthEventType.TARGET_UP),
    /** Exactly the time the target is {@code DEGRADED}. */
    DEGRADATION(HealthEventType.TARGET_DEGRADED, HealthEventType.TARGET_DEGRADED_CLEARED),
    /** Exactly the time the target is {@code NO_DATA}. */
    NO_DATA(HealthEventType.NO_DATA, HealthEventType.DATA_RESUMED),
    /** From {@code CIRCUIT_OPENED} to {@code CIRCUIT_CLOSED}; half-opening and re-opening happen inside it. */
    CIRCUIT(HealthEventType.CIRCUIT_OPENED, HealthEventType.CIRCUIT_CLOSED);

    /** The periods driven by the target state, in the order their closing events are sent. */
    public static final List<PeriodKind> TARGET_STATE_PERIODS = List.of(NO_DATA, INCIDENT, DEGRADATION);

    private final HealthEventType opener;
    private final HealthEventType closer;

    PeriodKind(HealthEventType opener, HealthEventType closer) {
        this.opener = opener;
        this.closer = closer;
    }

    public HealthEventType opener() {
        return opener;
    }

    public HealthEventType closer() {
        return closer;
    }

    /** Whether entering {@code state} opens a period of this kind (if none is open). */
    public boolean opensOn(TargetState state) {
        return switch (this) {
            case INCIDENT -> state == TargetState.DOWN;
            case DEGRADATION -> state == TargetState.DEGRADED;
            case NO_DATA -> state == TargetState.NO_DATA;
            case CIRCUIT -> false;
        };
    }

    /**
     * Whether entering {@code state} (never {@code PAUSED}: pausing closes everything) closes an open period of this
     * kind, and why: {@code RECOVERED} when the target recovered (for no-data: data resumed), {@code STATE_CHANGED}
     * when a degradation ends because the target got worse or undecided.
     */
    public Optional<CloseReason> closesOn(TargetState state) {
        return switch (this) {
            case INCIDENT -> state == TargetState.UP || state == TargetState.DEGRADED
                    ? Optional.of(CloseReason.RECOVERED) : Optional.empty();
            case DEGRADATION -> state == TargetState.DEGRADED ? Optional.empty()
                    : Optional.of(state == TargetState.UP ? CloseReason.RECOVERED : CloseReason.STATE_CHANGED);
            case NO_DATA -> state == TargetState.NO_DATA ? Optional.empty() : Optional.of(CloseReason.RECOVERED);
            case CIRCUIT -> Optional.empty();
        };
    }
}

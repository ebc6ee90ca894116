package dev.healthmon.analyzer.monitor;

import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a target. Nullable fields follow the {@code HealthEvent} contract: {@code state} is
 * the target state after the event ({@code null} once the target is deleted), {@code circuitState} is set on
 * circuit events, {@code closeReason} and {@code duration} on closing events.
 */
public record TargetEvent(String eventId, HealthEventType type, String targetId, String periodId,
        Instant occurredAt, TargetState state, CircuitState circuitState, CloseReason closeReason,
        Duration duration, FailureKind failureKind, String message, String rootCause, boolean suppressed) {

    public TargetEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(periodId, "periodId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}

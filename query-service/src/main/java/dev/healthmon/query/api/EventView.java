package dev.healthmon.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event of a target, as the {@code events} topic carries it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "HealthEvent")
public record EventView(String eventId, HealthEventType type, String subject,
        @Schema(description = "Shared by an opening event and its closing event; the incident id for "
                + "TARGET_DOWN/TARGET_UP") String periodId,
        Instant occurredAt, TargetState state, CircuitState circuitState, GroupState groupState,
        CloseReason closeReason, Long durationMs, FailureKind failureKind, String message, String rootCause,
        boolean suppressed) {

    public static EventView of(HealthEvent event) {
        return new EventView(event.getEventId(), event.getType(), event.getSubject(), event.getPeriodId(),
                event.getOccurredAt(), event.getState(), event.getCircuitState(), event.getGroupState(),
                event.getCloseReason(), event.getDurationMs(), event.getFailureKind(), event.getMessage(),
                event.getRootCause(), event.getSuppressed());
    }
}

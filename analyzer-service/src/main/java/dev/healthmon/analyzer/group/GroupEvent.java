package dev.healthmon.analyzer.group;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.HealthEventType;
import java.time.Duration;
import java.time.Instant;

/**
 * An event of a group's unhealthy periods. {@code groupState} is the group's state after the event ({@code null}
 * once the group has no members left); {@code closeReason} and {@code duration} are set on closing events only.
 */
public record GroupEvent(String eventId, HealthEventType type, String group, String periodId, Instant occurredAt,
        GroupState groupState, CloseReason closeReason, Duration duration) {
}

package dev.healthmon.query.api;

import dev.healthmon.query.definition.TargetRepresentation;
import dev.healthmon.schemas.TargetState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A target as read: its definition with secret header values redacted, its effective state, and the analyzer's
 * status when there is one yet.
 */
@Schema(name = "TargetView")
public record TargetView(TargetRepresentation definition,
        @Schema(description = "The status's state; before any status, PAUSED for a disabled target, else UNKNOWN")
        TargetState state,
        @Schema(nullable = true) StatusView status) {
}

package dev.healthmon.query.api;

import dev.healthmon.schemas.TargetState;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many targets there are, and how many are in each state (every state listed, zeros included). */
@Schema(name = "Summary")
public record Summary(long targets, Map<TargetState, Long> byState) {
}

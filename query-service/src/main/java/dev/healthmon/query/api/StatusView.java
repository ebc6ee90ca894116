package dev.healthmon.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CircuitStatus;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.RegionStatus;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The analyzer's current view of a target, as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TargetStatus")
public record StatusView(TargetState state, Instant since, Instant updatedAt, List<Region> regions,
        String openIncidentId, String rootCause, Circuit circuit) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RegionStatus")
    public record Region(String region, RegionState state, int consecutiveFailures, int consecutiveSuccesses,
            Instant lastResultAt, FailureKind lastFailureKind, String lastMessage) {
    }

    @Schema(name = "CircuitStatus")
    public record Circuit(CircuitState state, Instant since, int consecutiveFailures, int consecutiveSuccesses,
            int maxTestRequests) {
    }

    public static StatusView of(TargetStatus status) {
        CircuitStatus circuit = status.getCircuit();
        return new StatusView(status.getState(), status.getSince(), status.getUpdatedAt(),
                status.getRegions().stream().map(StatusView::region).toList(), status.getOpenIncidentId(),
                status.getRootCause(), new Circuit(circuit.getState(), circuit.getSince(),
                        circuit.getConsecutiveFailures(), circuit.getConsecutiveSuccesses(),
                        circuit.getMaxTestRequests()));
    }

    private static Region region(RegionStatus region) {
        return new Region(region.getRegion(), region.getState(), region.getConsecutiveFailures(),
                region.getConsecutiveSuccesses(), region.getLastResultAt(), region.getLastFailureKind(),
                region.getLastMessage());
    }
}

package dev.healthmon.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.Router;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetState;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The whole fleet at a glance. */
@Path("/v1/summary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "summary", description = "Counts of targets by state")
@SecurityRequirement(name = "bearer")
public class SummaryResource {

    private final ReadModel readModel;
    private final Router router;
    private final RoutedResponses responses;

    public SummaryResource(ReadModel readModel, Router router, RoutedResponses responses) {
        this.readModel = readModel;
        this.router = router;
        this.responses = responses;
    }

    @GET
    @Operation(summary = "Count targets by state", description = "Every registered target counted once, by its "
            + "effective state (before any status: PAUSED when disabled, otherwise UNKNOWN), gathered from every "
            + "instance.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "401", description = "Token missing or not accepted",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @APIResponse(responseCode = "503", description = "Read model starting or rebalancing, or an instance "
            + "unreachable; retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @Blocking // counts every target of this instance: not on an event loop
    public Uni<Response> summary(@Context UriInfo uri, @Context HttpHeaders headers) {
        // Sent before this instance's part is counted, which takes no network round trip.
        Uni<List<InstanceResponse>> others = router.fromOtherInstances(QueryTopology.TARGETS_STORE,
                RoutedResponses.request("GET", uri, headers, null));
        Map<TargetState, Long> byState = new EnumMap<>(TargetState.class);
        for (TargetState state : TargetState.values()) {
            byState.put(state, 0L);
        }
        for (TargetDefinition target : readModel.targets(target -> true)) {
            byState.merge(TargetListFilter.effectiveState(target, readModel.status(target.getId())), 1L, Long::sum);
        }
        return others.map(answers -> {
            Optional<Response> failed = RoutedResponses.firstFailure(answers);
            if (failed.isPresent()) {
                return failed.get();
            }
            for (JsonNode other : responses.bodies(answers, JsonNode.class)) {
                other.path("byState").properties().forEach(count -> byState.merge(
                        TargetState.valueOf(count.getKey()), count.getValue().asLong(), Long::sum));
            }
            return Response.ok(new Summary(byState.values().stream().mapToLong(Long::longValue).sum(), byState))
                    .build();
        });
    }
}

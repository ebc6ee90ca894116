package dev.healthmon.query.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.query.publish.CheckResultPublisher;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.results.PushedResult;
import dev.healthmon.query.results.ResultBatch;
import dev.healthmon.query.routing.InstanceRequest;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.MetadataService;
import dev.healthmon.query.routing.MetadataService.Elsewhere;
import dev.healthmon.query.routing.Router;
import dev.healthmon.schemas.CheckResult;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Check results pushed over HTTP, for probers that do not speak Kafka. Each result is judged on its own: its fields
 * here, its target by the instance that owns the target (the results of targets owned elsewhere go there in one
 * forward per instance), which publishes it to {@code check-results} keyed by target id, and so in its partition,
 * with the shared writer schema, once it is known.
 */
@Path("/v1/results")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "results", description = "Check results pushed by probers that do not speak Kafka")
@SecurityRequirement(name = "bearer")
public class ResultsResource {

    private static final String RETRY_AFTER_SECONDS = "1";

    private final MetadataService metadata;
    private final Router router;
    private final ReadModel readModel;
    private final CheckResultPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public ResultsResource(MetadataService metadata, Router router, ReadModel readModel,
            CheckResultPublisher publisher, ObjectMapper json) {
        this.metadata = metadata;
        this.router = router;
        this.readModel = readModel;
        this.publisher = publisher;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push check results", description = "A JSON array of 1 to " + ResultBatch.MAX_RESULTS
            + " check results. Each is judged on its own: a result with problems (missing or bad fields, an unknown "
            + "target) is rejected with every problem listed and nothing of it is published; the others are "
            + "published to check-results, keyed by target id, and acknowledged by Kafka before the answer. The "
            + "answer lists what became of each result, in order.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PushedResult[].class)))
    @APIResponse(responseCode = "200", description = "Every result was published or rejected",
            content = @Content(schema = @Schema(implementation = ResultReport.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON array of 1 to " + ResultBatch.MAX_RESULTS
            + " results; nothing was published",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @APIResponse(responseCode = "401", description = "Token missing or not accepted",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @APIResponse(responseCode = "503", description = "Some results were not published for a passing reason (Kafka "
            + "did not acknowledge them, their target's instance did not answer): the report says which (retry); "
            + "or, without a report, the read model is starting and nothing was published",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"),
            content = @Content(schema = @Schema(implementation = ResultReport.class)))
    @Blocking // publishing waits for Kafka's acknowledgement
    public Uni<Response> push(byte[] body, @Context UriInfo uri, @Context HttpHeaders headers) {
        InstanceRequest request = RoutedResponses.request("POST", uri, headers, body);
        List<ResultBatch.Item> items = ResultBatch.parse(body, clock.instant());
        ResultReport.Item[] report = new ResultReport.Item[items.size()];
        Map<Integer, CheckResult> local = new LinkedHashMap<>();
        Map<HostInfo, List<Routed>> elsewhere = new LinkedHashMap<>();
        // Every target is located and every local one looked up before anything is sent, so that a read model not
        // ready now fails the request as a whole, with nothing published.
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ResultBatch.Invalid invalid) {
                report[i] = ResultReport.Item.rejected(invalid.problems());
            } else if (items.get(i) instanceof ResultBatch.Valid valid) {
                String targetId = valid.result().getTargetId();
                if (metadata.locate(QueryTopology.TARGETS_STORE, targetId) instanceof Elsewhere owner) {
                    if (request.forwarded()) {
                        // The sender thought this instance owned the target: ownership is moving.
                        report[i] = ResultReport.Item.retry("the owner of target '" + targetId + "' is changing");
                    } else {
                        elsewhere.computeIfAbsent(owner.owner(), host -> new ArrayList<>()).add(new Routed(i, valid));
                    }
                } else if (readModel.target(targetId).isEmpty()) {
                    report[i] = ResultReport.Item.rejected(List.of(new Problem("targetId",
                            "no target '" + targetId + "' is defined")));
                } else {
                    local.put(i, valid.result());
                }
            }
        }
        List<Uni<Void>> forwards = new ArrayList<>();
        elsewhere.forEach((owner, share) -> forwards.add(forward(owner, share, request, report)));
        List<Integer> indexes = List.copyOf(local.keySet());
        publisher.publishAll(List.copyOf(local.values())).forEach((i, failure) -> report[indexes.get(i)] =
                ResultReport.Item.retry("not acknowledged by Kafka: " + failure.getMessage()));
        indexes.stream().filter(i -> report[i] == null).forEach(i -> report[i] = ResultReport.Item.publishedOne());
        Uni<Void> forwarded = forwards.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.combine().all().unis(forwards).discardItems();
        return forwarded.map(done -> respond(ResultReport.of(Arrays.asList(report))));
    }

    /** A result to be judged by another instance, and its place in the request. */
    private record Routed(int index, ResultBatch.Valid item) {
    }

    /**
     * Sends a share of the results to their targets' owner, which judges and publishes them as this instance does
     * its own, and takes its report on them; a result the owner did not report on is to be sent again.
     */
    private Uni<Void> forward(HostInfo owner, List<Routed> share, InstanceRequest request,
            ResultReport.Item[] report) {
        ArrayNode results = json.createArrayNode();
        share.forEach(routed -> results.add(routed.item().json()));
        byte[] body;
        try {
            body = json.writeValueAsBytes(results);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write results that were just read", e);
        }
        return router.toOwner(QueryTopology.TARGETS_STORE, owner, new InstanceRequest("POST", request.pathAndQuery(),
                        request.authorization(), MediaType.APPLICATION_JSON, body, request.forwarded()))
                .map(answer -> ownersReport(answer, share.size()))
                .onFailure().recoverWithItem(e -> List.of())
                .invoke(answered -> {
                    for (int k = 0; k < share.size(); k++) {
                        report[share.get(k).index()] = k < answered.size() ? answered.get(k)
                                : ResultReport.Item.retry("the instance owning target '" + share.get(k).item()
                                        .result().getTargetId() + "' (" + owner + ") did not report on it");
                    }
                })
                .replaceWithVoid();
    }

    /** The owner's report on the results it was sent, or none when it did not give one. */
    private List<ResultReport.Item> ownersReport(InstanceResponse answer, int sent) {
        if (answer.status() == 200 || answer.status() == 503) {
            try {
                ResultReport report = json.readValue(answer.body(), ResultReport.class);
                if (report.items() != null && report.items().size() == sent) {
                    return report.items();
                }
            } catch (IOException e) {
                // Not a report (a 503 of a read model that is starting): nothing was published there.
            }
        }
        return List.of();
    }

    private static Response respond(ResultReport report) {
        if (report.retry() > 0) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).entity(report).build();
        }
        return Response.ok(report).build();
    }
}

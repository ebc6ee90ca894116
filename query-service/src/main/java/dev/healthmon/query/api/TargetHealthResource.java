package dev.healthmon.query.api;

import dev.healthmon.contract.HealthEventScope;
import dev.healthmon.query.UptimeReportConfig;
import dev.healthmon.query.admin.UnknownTargetException;
import dev.healthmon.query.heartbeat.Heartbeat;
import dev.healthmon.query.publish.CheckResultPublisher;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.routing.Router;
import dev.healthmon.query.routing.Router.WhenOwnerUnreachable;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.uptime.BucketPlan;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the analyzer knows about one target (its events, uptime and circuit) and the heartbeats pushed for it. Each
 * request is answered by the instance that owns the target, forwarded there when need be.
 */
@Path("/v1/targets/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "target health", description = "A target's incident history, uptime, circuit breaker and heartbeats")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Token missing or not accepted",
        content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
@APIResponse(responseCode = "503", description = "Read model starting or rebalancing, or the target's instance "
        + "unreachable without a standby copy here; retry after Retry-After seconds",
        content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
public class TargetHealthResource {

    private final ReadModel readModel;
    private final Router router;
    private final RoutedResponses responses;
    private final CheckResultPublisher checkResults;
    private final Duration minuteRetention;
    private final Clock clock;

    public TargetHealthResource(ReadModel readModel, Router router, RoutedResponses responses,
            CheckResultPublisher checkResults,
            UptimeReportConfig uptime) {
        this.readModel = readModel;
        this.router = router;
        this.responses = responses;
        this.checkResults = checkResults;
        this.minuteRetention = uptime.minuteRetention();
        this.clock = Clock.systemUTC();
    }

    @GET
    @Path("events")
    @Operation(summary = "A target's events", description = "Incidents, degradations, no-data periods and circuit "
            + "transitions that occurred in [from, to), newest first, a page at a time. The events of a deleted "
            + "target stay readable for the events topic's retention.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EventPage.class)),
            headers = @Header(name = "X-Healthmon-Stale", description = RoutedResponses.STALE_HEADER_DESCRIPTION))
    @APIResponse(responseCode = "400", description = "Bad range or paging parameters",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    public Uni<Response> events(@PathParam("id") String id,
            @Parameter(description = "ISO-8601 instant, inclusive; default: the oldest kept") @QueryParam("from")
            String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default: no bound") @QueryParam("to") String to,
            @Parameter(description = "Page size, 1-1000, default 50") @QueryParam("limit") Integer limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        EventQuery query = EventQuery.parse(from, to, limit, cursor);
        return responses.respond(router.byKey(QueryTopology.EVENTS_STORE, id,
                RoutedResponses.request("GET", uri, headers, null), WhenOwnerUnreachable.READ_STANDBY,
                replica -> readModel.events(id, query.from(), query.to(),
                        // Group events are keyed by group name, which may equal a target id.
                        event -> event.getSubject().equals(id)
                                && HealthEventScope.of(event.getType()) == HealthEventScope.TARGET,
                        query.limit(), query.cursor(), replica)),
                page -> Response.ok(new EventPage(page.events().stream().map(EventView::of).toList(),
                        page.nextCursor())).build());
    }

    @GET
    @Path("uptime")
    @Operation(summary = "A target's health report", description = "Checks, up, down, success ratio, availability, "
            + "latency (mean, p50, p95, p99) and failures by kind over a window ending now (default 24h) or over "
            + "[from, to), merged from the uptime buckets: whole hours from hour buckets, the edges from minute "
            + "buckets while they are kept. The report states the range it covers, widened to whole buckets.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UptimeReportView.class)),
            headers = @Header(name = "X-Healthmon-Stale", description = RoutedResponses.STALE_HEADER_DESCRIPTION))
    @APIResponse(responseCode = "400", description = "Bad range",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @Blocking // a long range merges thousands of buckets: not on an event loop
    public Uni<Response> uptime(@PathParam("id") String id,
            @Parameter(description = "ISO-8601 instant; with to, instead of window") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, default now") @QueryParam("to") String to,
            @Parameter(description = "24h, 7d, 30d, 1y, ...: the range ending now") @QueryParam("window")
            String window,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        BucketPlan plan = UptimeQuery.plan(from, to, window, clock.instant(), minuteRetention);
        return responses.respond(router.byKey(QueryTopology.UPTIME_STORE, id,
                RoutedResponses.request("GET", uri, headers, null), WhenOwnerUnreachable.READ_STANDBY,
                replica -> readModel.uptime(id, plan, replica)),
                report -> Response.ok(UptimeReportView.of(report)).build());
    }

    @GET
    @Path("circuit")
    @Operation(summary = "A target's circuit breaker", description = "State, since when, the consecutive counts and "
            + "maxTestRequests for the callers that enforce it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatusView.Circuit.class)),
            headers = @Header(name = "X-Healthmon-Stale", description = RoutedResponses.STALE_HEADER_DESCRIPTION))
    @APIResponse(responseCode = "404", description = "No status for this target (unknown, or not checked yet)",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public Uni<Response> circuit(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return responses.respondFound(router.byKey(QueryTopology.STATUS_STORE, id,
                RoutedResponses.request("GET", uri, headers, null), WhenOwnerUnreachable.READ_STANDBY,
                replica -> readModel.status(id, replica)),
                status -> StatusView.of(status).circuit(), "no status for target " + id + " yet");
    }

    @POST
    @Path("heartbeats")
    @Operation(summary = "Push a heartbeat", description = "For heartbeat targets: publishes an UP check result, or "
            + "with an exit code other than 0, 137 and 143 a DOWN one of kind EXIT_CODE (0, 137 and 143 mean the "
            + "process stopped on purpose: the analyzer pauses the target until the next heartbeat). Answers once "
            + "Kafka acknowledged it.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Heartbeat.class)))
    @APIResponse(responseCode = "202", description = "Published")
    @APIResponse(responseCode = "400", description = "Bad body",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @APIResponse(responseCode = "409", description = "The target is not a heartbeat target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @Blocking // a local heartbeat waits for Kafka's acknowledgement
    public Uni<Response> heartbeat(@PathParam("id") String id, InputStream body, @Context UriInfo uri,
            @Context HttpHeaders headers) throws IOException {
        byte[] content = body.readAllBytes();
        Heartbeat heartbeat = Heartbeat.parse(content);
        // Routed to the target's owner, which knows its definition; never answered from a standby copy, which
        // might not know a target just created.
        return responses.respond(router.byKey(QueryTopology.TARGETS_STORE, id,
                RoutedResponses.request("POST", uri, headers, content), WhenOwnerUnreachable.FAIL,
                replica -> {
                    TargetDefinition target = readModel.target(id, replica)
                            .orElseThrow(() -> new UnknownTargetException(id));
                    if (!(target.getCheck() instanceof HeartbeatCheck)) {
                        return Response.status(Response.Status.CONFLICT).entity(new ErrorMessage(
                                "target " + id + " is not a heartbeat target")).build();
                    }
                    checkResults.publish(heartbeat.toCheckResult(id, clock.instant()));
                    return Response.accepted().build();
                }), response -> response);
    }
}

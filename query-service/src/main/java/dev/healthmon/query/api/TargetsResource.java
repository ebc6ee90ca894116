package dev.healthmon.query.api;

import dev.healthmon.query.admin.SyncPlan;
import dev.healthmon.query.admin.TargetAdmin;
import dev.healthmon.query.admin.TargetAdmin.PutResult;
import dev.healthmon.query.admin.UnknownTargetException;
import dev.healthmon.query.definition.RepresentationTranslation;
import dev.healthmon.query.definition.RepresentationTranslation.Secrets;
import dev.healthmon.query.definition.TargetDocument;
import dev.healthmon.query.definition.TargetParser;
import dev.healthmon.query.definition.TargetParser.Format;
import dev.healthmon.query.definition.TargetParser.Parsed;
import dev.healthmon.query.definition.TargetRepresentation;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.readmodel.ReadModel.Replica;
import dev.healthmon.query.routing.InstanceRequest;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.MetadataService;
import dev.healthmon.query.routing.Router;
import dev.healthmon.query.routing.Router.WhenOwnerUnreachable;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The target admin API. Bodies are read by {@link TargetParser} rather than by the JAX-RS providers, so that every
 * problem in them is reported at once, in JSON and in YAML alike.
 */
@Path("/v1/targets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "targets", description = "Register, change and read monitored targets")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "One of healthmon.api.tokens; required by writes when tokens are configured, and by reads "
                + "when healthmon.api.read-requires-token=true")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Token missing or not accepted",
        content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
@APIResponse(responseCode = "503", description = "Read model starting or rebalancing, or Kafka did not acknowledge "
        + "a write in time; retry after Retry-After seconds",
        content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
public class TargetsResource {

    private static final String YAML = "application/yaml";
    private static final String TEXT_YAML = "text/yaml";
    private static final String X_YAML = "application/x-yaml";

    private final ReadModel readModel;
    private final TargetAdmin admin;
    private final Router router;
    private final MetadataService metadata;
    private final RoutedResponses responses;

    public TargetsResource(ReadModel readModel, TargetAdmin admin, Router router, MetadataService metadata,
            RoutedResponses responses) {
        this.readModel = readModel;
        this.admin = admin;
        this.router = router;
        this.metadata = metadata;
        this.responses = responses;
    }

    @GET
    @Operation(summary = "List targets", description = "In id order, filtered, one page at a time, gathered from "
            + "every instance.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetPage.class)))
    @APIResponse(responseCode = "400", description = "Bad filter or paging parameters",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @Blocking // the filter may scan this instance's whole targets store: not on an event loop
    public Uni<Response> list(
            @Parameter(description = "Only targets of this group") @QueryParam("group") String group,
            @Parameter(description = "key=value; repeat for several, all must match") @QueryParam("label")
            List<String> labels,
            @Parameter(description = "UNKNOWN, UP, DEGRADED, DOWN, NO_DATA or PAUSED; repeat for any of several")
            @QueryParam("state") List<String> states,
            @Parameter(description = "Page size, 1-1000, default 100") @QueryParam("limit") Integer limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        TargetListFilter filter = TargetListFilter.parse(group, labels, states, limit, cursor);
        // Sent before this instance's part is read, which takes no network round trip.
        Uni<List<InstanceResponse>> others = router.fromOtherInstances(QueryTopology.TARGETS_STORE,
                RoutedResponses.request("GET", uri, headers, null));
        ReadModel.Page<TargetDefinition> page = readModel.targets(filter.cursor(),
                target -> filter.matches(target, TargetListFilter.effectiveState(target,
                        readModel.status(target.getId()))),
                filter.limit());
        List<TargetView> items = page.items().stream().map(target -> view(target, Replica.ACTIVE)).toList();
        String nextCursor = page.more() ? items.get(items.size() - 1).definition().id() : null;
        TargetPage local = new TargetPage(items, nextCursor);
        return others.map(answers -> responses.mergePages(local, answers, filter.limit(), "definition", "id"));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a target", description = "Its definition with secret header values redacted, "
            + "and its status when the analyzer has published one.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetView.class)),
            headers = @Header(name = "X-Healthmon-Stale", description = RoutedResponses.STALE_HEADER_DESCRIPTION))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return responses.respond(router.byKey(QueryTopology.TARGETS_STORE, id,
                RoutedResponses.request("GET", uri, headers, null), WhenOwnerUnreachable.READ_STANDBY,
                replica -> view(readModel.target(id, replica).orElseThrow(() -> new UnknownTargetException(id)),
                        replica)),
                view -> Response.ok(view).build());
    }

    @PUT
    @Path("{id}")
    @Consumes({ MediaType.APPLICATION_JSON, YAML, TEXT_YAML, X_YAML })
    @Operation(summary = "Create or replace a target", description = "Answers once Kafka has acknowledged the "
            + "write. A secret header given as *** keeps the value stored for it.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TargetRepresentation.class)),
            @Content(mediaType = YAML, schema = @Schema(implementation = TargetRepresentation.class)) })
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the body",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @Blocking // a local write waits for Kafka's acknowledgement
    public Uni<Response> put(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body, @Context UriInfo uri, @Context HttpHeaders headers) throws IOException {
        byte[] content = body.readAllBytes();
        Parsed<TargetRepresentation> parsed = TargetParser.target(new ByteArrayInputStream(content),
                Format.ofMediaType(contentType));
        TargetAdmin.validate(id, parsed);
        return write(id, "PUT", content, uri, headers, () -> {
            PutResult result = admin.put(id, parsed);
            TargetRepresentation written = RepresentationTranslation.toRepresentation(result.definition(), Secrets.REDACT);
            return result.created() ? Response.created(uri.getAbsolutePath()).entity(written).build()
                    : Response.ok(written).build();
        });
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a target", description = "Writes its tombstone; answers once Kafka acknowledged it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @Blocking // a local write waits for Kafka's acknowledgement
    public Uni<Response> delete(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return write(id, "DELETE", null, uri, headers, () -> {
            admin.delete(id);
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause a target", description = "Rewrites it with enabled=false: no probes, state PAUSED.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @Blocking // a local write waits for Kafka's acknowledgement
    public Uni<Response> pause(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return setEnabled(id, false, uri, headers);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a paused target", description = "Rewrites it with enabled=true.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @Blocking // a local write waits for Kafka's acknowledgement
    public Uni<Response> resume(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return setEnabled(id, true, uri, headers);
    }

    private Uni<Response> setEnabled(String id, boolean enabled, UriInfo uri, HttpHeaders headers) {
        return write(id, "POST", null, uri, headers, () -> Response.ok(
                RepresentationTranslation.toRepresentation(admin.setEnabled(id, enabled), Secrets.REDACT)).build());
    }

    @PUT
    @Consumes({ MediaType.APPLICATION_JSON, YAML, TEXT_YAML, X_YAML })
    @Operation(summary = "Declarative sync of many targets", description = "Creates and updates the document's "
            + "targets, labelled managed-by=<managedBy>, and deletes the targets with that label the document does "
            + "not list. With dryRun=true, reports the changes without writing.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TargetDocument.class)),
            @Content(mediaType = YAML, schema = @Schema(implementation = TargetDocument.class)) })
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SyncReport.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the document",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    @Blocking // this instance's share waits for Kafka's acknowledgement
    public Uni<Response> sync(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context UriInfo uri,
            @Context HttpHeaders headers) throws IOException {
        byte[] content = body.readAllBytes();
        Parsed<TargetDocument> parsed = TargetParser.document(new ByteArrayInputStream(content),
                Format.ofMediaType(contentType));
        TargetAdmin.validate(parsed);
        InstanceRequest request = RoutedResponses.request("PUT", uri, headers, content);
        if (dryRun || request.forwarded()) {
            return syncEverywhere(parsed, dryRun, request);
        }
        // Every instance checks its share first (e.g. that the secrets to keep exist), so that no share is written
        // unless every share can be.
        InstanceRequest check = request.withPathAndQuery(uri.getRequestUri().getRawPath() + "?dryRun=true");
        return syncEverywhere(parsed, true, check)
                .flatMap(checked -> checked.getStatus() == Response.Status.OK.getStatusCode()
                        ? syncEverywhere(parsed, false, request)
                        : Uni.createFrom().item(checked));
    }

    /**
     * The sync done by every instance for the targets it owns (the document goes to each, and each plans against
     * the targets it stores), and the merged report; the first refusal of another instance, if any, instead.
     */
    private Uni<Response> syncEverywhere(Parsed<TargetDocument> parsed, boolean dryRun, InstanceRequest request) {
        return router.fromOtherInstances(QueryTopology.TARGETS_STORE, request)
                // The other instances' answers arrive on an event loop; this instance's share blocks on Kafka.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(others -> {
                    Optional<Response> refused = RoutedResponses.firstFailure(others);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                    SyncPlan local = admin.sync(parsed, dryRun,
                            id -> metadata.ownsHere(QueryTopology.TARGETS_STORE, id));
                    List<SyncReport> shares = new ArrayList<>(responses.bodies(others, SyncReport.class));
                    shares.add(SyncReport.of(local, dryRun));
                    return Response.ok(SyncReport.merge(parsed.value().managedBy(), dryRun, shares)).build();
                });
    }

    /**
     * A write about one target, done by the instance that owns it: the admin compares with the stored definition
     * (new or not, secrets to keep), which only the owner has. Never done from a standby copy, which may be behind.
     */
    private Uni<Response> write(String id, String method, byte[] body, UriInfo uri, HttpHeaders headers,
            Supplier<Response> write) {
        return responses.respond(router.byKey(QueryTopology.TARGETS_STORE, id,
                RoutedResponses.request(method, uri, headers, body), WhenOwnerUnreachable.FAIL,
                replica -> write.get()), response -> response);
    }

    private TargetView view(TargetDefinition target, Replica replica) {
        Optional<TargetStatus> status = readModel.status(target.getId(), replica);
        return new TargetView(RepresentationTranslation.toRepresentation(target, Secrets.REDACT),
                TargetListFilter.effectiveState(target, status), status.map(StatusView::of).orElse(null));
    }
}

package dev.healthmon.query.api;

import dev.healthmon.query.admin.SyncPlan;
import dev.healthmon.query.admin.TargetAdmin;
import dev.healthmon.query.admin.TargetAdmin.PutResult;
import dev.healthmon.query.admin.UnknownTargetException;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.target.TargetDocument;
import dev.healthmon.query.target.TargetMapper;
import dev.healthmon.query.target.TargetMapper.Secrets;
import dev.healthmon.query.target.TargetParser;
import dev.healthmon.query.target.TargetParser.Format;
import dev.healthmon.query.target.TargetRepresentation;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
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
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
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

    public TargetsResource(ReadModel readModel, TargetAdmin admin) {
        this.readModel = readModel;
        this.admin = admin;
    }

    @GET
    @Operation(summary = "List targets", description = "In id order, filtered, one page at a time.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetPage.class)))
    @APIResponse(responseCode = "400", description = "Bad filter or paging parameters",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    public TargetPage list(
            @Parameter(description = "Only targets of this group") @QueryParam("group") String group,
            @Parameter(description = "key=value; repeat for several, all must match") @QueryParam("label")
            List<String> labels,
            @Parameter(description = "UNKNOWN, UP, DEGRADED, DOWN, NO_DATA or PAUSED; repeat for any of several")
            @QueryParam("state") List<String> states,
            @Parameter(description = "Page size, 1-1000, default 100") @QueryParam("limit") Integer limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        TargetListFilter filter = TargetListFilter.parse(group, labels, states, limit, cursor);
        ReadModel.Page page = readModel.targets(filter.cursor(),
                target -> filter.matches(target, TargetListFilter.effectiveState(target, status(target))),
                filter.limit());
        List<TargetView> items = page.targets().stream().map(this::view).toList();
        String nextCursor = page.more() ? items.get(items.size() - 1).definition().id() : null;
        return new TargetPage(items, nextCursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a target", description = "Its definition with secret header values redacted, "
            + "and its status when the analyzer has published one.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetView.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public TargetView get(@PathParam("id") String id) {
        return view(readModel.target(id).orElseThrow(() -> new UnknownTargetException(id)));
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
    public Response put(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body, @Context UriInfo uri) {
        PutResult result = admin.put(id, TargetParser.target(body, Format.ofMediaType(contentType)));
        TargetRepresentation written = TargetMapper.toRepresentation(result.definition(), Secrets.REDACT);
        return result.created() ? Response.created(uri.getAbsolutePath()).entity(written).build()
                : Response.ok(written).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a target", description = "Writes its tombstone; answers once Kafka acknowledged it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public void delete(@PathParam("id") String id) {
        admin.delete(id);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause a target", description = "Rewrites it with enabled=false: no probes, state PAUSED.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public TargetRepresentation pause(@PathParam("id") String id) {
        return TargetMapper.toRepresentation(admin.setEnabled(id, false), Secrets.REDACT);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a paused target", description = "Rewrites it with enabled=true.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TargetRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such target",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public TargetRepresentation resume(@PathParam("id") String id) {
        return TargetMapper.toRepresentation(admin.setEnabled(id, true), Secrets.REDACT);
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
    public SyncReport sync(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        SyncPlan plan = admin.sync(TargetParser.document(body, Format.ofMediaType(contentType)), dryRun);
        return SyncReport.of(plan, dryRun);
    }

    private TargetView view(TargetDefinition target) {
        Optional<TargetStatus> status = status(target);
        return new TargetView(TargetMapper.toRepresentation(target, Secrets.REDACT),
                TargetListFilter.effectiveState(target, status), status.map(StatusView::of).orElse(null));
    }

    private Optional<TargetStatus> status(TargetDefinition target) {
        return readModel.status(target.getId());
    }
}

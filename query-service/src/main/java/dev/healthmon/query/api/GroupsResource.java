package dev.healthmon.query.api;

import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.Router;
import dev.healthmon.query.routing.Router.WhenOwnerUnreachable;
import dev.healthmon.schemas.GroupStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Groups of targets and their health, as the analyzer publishes them. */
@Path("/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "groups", description = "Health of groups of targets")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Token missing or not accepted",
        content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
@APIResponse(responseCode = "503", description = "Read model starting or rebalancing, or an instance unreachable; "
        + "retry after Retry-After seconds", content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
public class GroupsResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final ReadModel readModel;
    private final Router router;
    private final RoutedResponses responses;

    public GroupsResource(ReadModel readModel, Router router, RoutedResponses responses) {
        this.readModel = readModel;
        this.router = router;
        this.responses = responses;
    }

    @GET
    @Operation(summary = "List groups", description = "In name order, one page at a time, gathered from every "
            + "instance.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GroupPage.class)))
    @APIResponse(responseCode = "400", description = "Bad paging parameters",
            content = @Content(schema = @Schema(implementation = ProblemReport.class)))
    public Uni<Response> list(
            @Parameter(description = "Page size, 1-1000, default 100") @QueryParam("limit") Integer limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidRequestException(List.of(new Problem("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        // Asked of the other instances first: their answers take a network round trip, ours does not.
        Uni<List<InstanceResponse>> others = router.fromOtherInstances(QueryTopology.GROUPS_STORE,
                RoutedResponses.request("GET", uri, headers, null));
        ReadModel.Page<GroupStatus> local = readModel.groups(cursor, pageSize);
        List<GroupView> items = local.items().stream().map(GroupView::of).toList();
        GroupPage page = new GroupPage(items, local.more() ? items.get(items.size() - 1).group() : null);
        return others.map(answers -> responses.mergePages(page, answers, pageSize, "group"));
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Read a group", description = "Its state, score, members and counts by state.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GroupView.class)),
            headers = @Header(name = "X-Healthmon-Stale", description = RoutedResponses.STALE_HEADER_DESCRIPTION))
    @APIResponse(responseCode = "404", description = "No such group",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public Uni<Response> get(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers) {
        return responses.respondFound(router.byKey(QueryTopology.GROUPS_STORE, name,
                RoutedResponses.request("GET", uri, headers, null), WhenOwnerUnreachable.READ_STANDBY,
                replica -> readModel.group(name, replica)), GroupView::of, "no group " + name);
    }
}

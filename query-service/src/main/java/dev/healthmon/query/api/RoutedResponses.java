package dev.healthmon.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healthmon.query.routing.InstanceRequest;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.Router.Answer;
import dev.healthmon.query.routing.Router.Read;
import dev.healthmon.query.routing.Router.Relayed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP side of routing: what of a request another instance needs, and how the router's {@link Answer}s, and other
 * instances' parts of a list, become this instance's response.
 */
@ApplicationScoped
public class RoutedResponses {

    /** How the API documents {@link InstanceRequest#STALE_HEADER} on the answers that may carry it. */
    public static final String STALE_HEADER_DESCRIPTION = "Set to true when the instance owning the data did not "
            + "answer and a standby copy, which may lag behind, answered instead";

    private final ObjectMapper json;

    public RoutedResponses(ObjectMapper json) {
        this.json = json;
    }

    /** The request as another instance should receive it. */
    public static InstanceRequest request(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        URI requested = uri.getRequestUri();
        String pathAndQuery = requested.getRawPath()
                + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
        return new InstanceRequest(method, pathAndQuery, headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body,
                headers.getHeaderString(InstanceRequest.FORWARDED_HEADER) != null);
    }

    /**
     * A local answer as {@code respond} makes it (marked stale when read from a standby copy), or the owner's answer
     * as it came.
     */
    public <T> Uni<Response> respond(Uni<Answer<T>> answer, Function<T, Response> respond) {
        return answer.map(routed -> {
            if (routed instanceof Read<T> read) {
                Response response = respond.apply(read.value());
                return read.stale()
                        ? Response.fromResponse(response).header(InstanceRequest.STALE_HEADER, "true").build()
                        : response;
            }
            return relay(((Relayed<T>) routed).response());
        });
    }

    /** An answer read here, or 404 with {@code notFound} when there was nothing. */
    public <T> Uni<Response> respondFound(Uni<Answer<Optional<T>>> answer, Function<T, Object> view,
            String notFound) {
        return respond(answer, value -> value.map(found -> Response.ok(view.apply(found)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(new ErrorMessage(notFound))
                        .build()));
    }

    /**
     * This instance's page merged with the other instances' pages of the same request: all items in the order of
     * {@code key}, cut to {@code limit}; the next cursor is the last item's key when any instance has more. Each
     * instance's page holds the first {@code limit} of its items after the cursor, so the first {@code limit} of the
     * merge are the first of all. An instance answering other than 200 makes the answer its.
     */
    public Response mergePages(Object localPage, List<InstanceResponse> others, int limit, String... key) {
        Optional<Response> failed = firstFailure(others);
        if (failed.isPresent()) {
            return failed.get();
        }
        List<JsonNode> pages = new ArrayList<>();
        pages.add(json.valueToTree(localPage));
        others.forEach(other -> pages.add(parse(other)));
        List<JsonNode> items = new ArrayList<>();
        boolean more = false;
        for (JsonNode page : pages) {
            page.get("items").forEach(items::add);
            more |= page.hasNonNull("nextCursor");
        }
        items.sort(Comparator.comparing(item -> at(item, key)));
        more |= items.size() > limit;
        List<JsonNode> kept = items.subList(0, Math.min(limit, items.size()));
        ObjectNode merged = json.createObjectNode();
        ArrayNode array = merged.putArray("items");
        kept.forEach(array::add);
        merged.put("nextCursor", more && !kept.isEmpty() ? at(kept.get(kept.size() - 1), key) : null);
        return Response.ok(merged).build();
    }

    /** The JSON bodies of other instances' answers as {@code type}; callers check {@link #firstFailure} first. */
    public <T> List<T> bodies(List<InstanceResponse> others, Class<T> type) {
        return others.stream().map(other -> {
            try {
                return json.treeToValue(parse(other), type);
            } catch (IOException e) {
                throw new UncheckedIOException("Another instance answered with a body that is not a "
                        + type.getSimpleName(), e);
            }
        }).toList();
    }

    /** The first of the other instances' answers that is not a 200, if any. */
    public static Optional<Response> firstFailure(List<InstanceResponse> others) {
        return others.stream().filter(other -> other.status() != 200).findFirst().map(RoutedResponses::relay);
    }

    private JsonNode parse(InstanceResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Another instance answered with a body that is not JSON", e);
        }
    }

    private static String at(JsonNode item, String... path) {
        JsonNode node = item;
        for (String field : path) {
            node = node.path(field);
        }
        return node.asText();
    }

    private static Response relay(InstanceResponse response) {
        Response.ResponseBuilder relayed = Response.status(response.status()).entity(response.body());
        if (response.contentType() != null) {
            relayed.type(response.contentType());
        }
        if (response.location() != null) {
            // The owner's address for a created target: valid, as every instance answers for every target.
            relayed.location(URI.create(response.location()));
        }
        if (response.retryAfter() != null) {
            relayed.header(HttpHeaders.RETRY_AFTER, response.retryAfter());
        }
        if (response.stale()) {
            relayed.header(InstanceRequest.STALE_HEADER, "true");
        }
        return relayed.build();
    }
}

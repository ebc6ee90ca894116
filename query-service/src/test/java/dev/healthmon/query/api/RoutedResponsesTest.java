package dev.healthmon.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healthmon.query.routing.InstanceRequest;
import dev.healthmon.query.routing.InstanceResponse;
import dev.healthmon.query.routing.Router.Answer;
import dev.healthmon.query.routing.Router.Read;
import dev.healthmon.query.routing.Router.Relayed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutedResponsesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RoutedResponses responses = new RoutedResponses(json);

    private record Item(String group) {
    }

    private record Page(List<Item> items, String nextCursor) {
    }

    private static InstanceResponse answer(int status, String body) {
        return new InstanceResponse(status, "application/json", null, status == 503 ? "1" : null, false,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> groups(Response response) {
        return ((JsonNode) response.getEntity()).get("items").findValuesAsText("group");
    }

    private static String nextCursor(Response response) {
        JsonNode cursor = ((JsonNode) response.getEntity()).get("nextCursor");
        return cursor.isNull() ? null : cursor.asText();
    }

    @Test
    void pagesAreMergedInKeyOrderAndCutToTheLimit() {
        Page local = new Page(List.of(new Item("b"), new Item("e")), null);
        Response merged = responses.mergePages(local, List.of(
                answer(200, "{\"items\": [{\"group\": \"a\"}, {\"group\": \"d\"}], \"nextCursor\": null}"),
                answer(200, "{\"items\": [{\"group\": \"c\"}], \"nextCursor\": null}")), 3, "group");

        assertThat(merged.getStatus()).isEqualTo(200);
        assertThat(groups(merged)).containsExactly("a", "b", "c");
        assertThat(nextCursor(merged)).isEqualTo("c");
    }

    @Test
    void theLastPageHasNoCursorUnlessAnInstanceHasMore() {
        Page local = new Page(List.of(new Item("b")), null);
        Response complete = responses.mergePages(local, List.of(
                answer(200, "{\"items\": [{\"group\": \"a\"}], \"nextCursor\": null}")), 3, "group");
        assertThat(groups(complete)).containsExactly("a", "b");
        assertThat(nextCursor(complete)).isNull();

        Response more = responses.mergePages(new Page(List.of(new Item("x"), new Item("y")), "y"), List.of(
                answer(200, "{\"items\": [{\"group\": \"a\"}], \"nextCursor\": null}")), 2, "group");
        assertThat(groups(more)).containsExactly("a", "x");
        assertThat(nextCursor(more)).isEqualTo("x");
    }

    @Test
    void theOwnersAnswerIsRelayedWithItsHeaders() {
        InstanceResponse owners = new InstanceResponse(201, "application/json", "http://owner:8080/v1/targets/shop",
                "3", true, "{\"id\": \"shop\"}".getBytes(StandardCharsets.UTF_8));
        Response relayed = responses.respond(Uni.createFrom().<Answer<String>>item(new Relayed<>(owners)),
                local -> Response.ok(local).build()).await().indefinitely();

        assertThat(relayed.getStatus()).isEqualTo(201);
        assertThat(relayed.getMediaType().toString()).isEqualTo("application/json");
        assertThat(relayed.getLocation()).hasToString("http://owner:8080/v1/targets/shop");
        assertThat(relayed.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(relayed.getHeaderString(InstanceRequest.STALE_HEADER)).isEqualTo("true");
        assertThat(relayed.getEntity()).isEqualTo(owners.body());
    }

    @Test
    void aStandbyReadIsMarkedStale() {
        Response read = responses.respond(Uni.createFrom().<Answer<String>>item(new Read<>("from the copy", true)),
                local -> Response.ok(local).build()).await().indefinitely();

        assertThat(read.getStatus()).isEqualTo(200);
        assertThat(read.getEntity()).isEqualTo("from the copy");
        assertThat(read.getHeaderString(InstanceRequest.STALE_HEADER)).isEqualTo("true");
    }

    @Test
    void anInstanceThatFailedMakesTheAnswer() {
        Response failed = responses.mergePages(new Page(List.of(), null), List.of(
                answer(200, "{\"items\": [], \"nextCursor\": null}"), answer(503, "{\"error\": \"rebalancing\"}")),
                10, "group");

        assertThat(failed.getStatus()).isEqualTo(503);
        assertThat(failed.getHeaderString("Retry-After")).isEqualTo("1");
    }
}

package dev.healthmon.query.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultBatchTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static List<ResultBatch.Item> parse(String body) {
        return ResultBatch.parse(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void aCompleteResultBecomesTheCheckResultItDescribes() {
        List<ResultBatch.Item> items = parse("""
                [{"targetId": "shop", "checkType": "HTTP", "outcome": "DOWN", "failureKind": "HTTP_STATUS",
                  "latencyMicros": 12000, "region": "eu-west", "proberId": "ci-1",
                  "startedAt": "2026-03-01T09:59:58Z", "statusCode": 503, "message": "Service Unavailable",
                  "details": {"attempts": "2"}},
                 {"targetId": "db", "checkType": "TCP", "outcome": "UP", "region": "eu-west", "proberId": "ci-1",
                  "startedAt": "2026-03-01T10:04:59Z"}]""");

        assertThat(items).hasSize(2).allSatisfy(item -> assertThat(item).isInstanceOf(ResultBatch.Valid.class));
        assertThat(((ResultBatch.Valid) items.get(0)).result()).isEqualTo(CheckResult.newBuilder()
                .setTargetId("shop").setCheckType(CheckType.HTTP).setOutcome(Outcome.DOWN)
                .setFailureKind(FailureKind.HTTP_STATUS).setLatencyMicros(12_000L).setRegion("eu-west")
                .setProberId("ci-1").setStartedAt(Instant.parse("2026-03-01T09:59:58Z")).setStatusCode(503)
                .setExitCode(null).setMessage("Service Unavailable").setDetails(Map.of("attempts", "2")).build());
        CheckResult up = ((ResultBatch.Valid) items.get(1)).result();
        assertThat(up.getFailureKind()).isNull();
        assertThat(up.getLatencyMicros()).isNull();
        assertThat(up.getDetails()).isEmpty();
    }

    @Test
    void everyProblemOfEveryResultIsListedAndGoodResultsStayGood() {
        List<ResultBatch.Item> items = parse("""
                [{"checkType": "HTTP", "outcome": "MAYBE", "region": " ", "startedAt": "yesterday", "colour": 1},
                 {"targetId": "Shop!", "checkType": "SMTP", "outcome": "DOWN", "region": "eu", "proberId": "p",
                  "startedAt": "2026-03-01T10:05:01Z", "latencyMicros": -1, "statusCode": 99,
                  "details": {"n": 1}},
                 {"targetId": "db", "checkType": "TCP", "outcome": "UP", "failureKind": "TIMEOUT", "region": "eu",
                  "proberId": "p", "startedAt": "2026-03-01T10:00:00Z", "message": "%s"},
                 {"targetId": "db", "checkType": "TCP", "outcome": "UP", "region": "eu", "proberId": "p",
                  "startedAt": "2026-03-01T10:00:00Z"},
                 42]""".formatted("x".repeat(ResultBatch.MAX_MESSAGE_LENGTH + 1)));

        assertThat(fields(items.get(0))).containsExactlyInAnyOrder("colour", "targetId", "outcome", "region",
                "proberId", "startedAt");
        assertThat(fields(items.get(1))).containsExactlyInAnyOrder("targetId", "checkType", "failureKind",
                "latencyMicros", "startedAt", "statusCode", "details.n");
        assertThat(fields(items.get(2))).containsExactlyInAnyOrder("failureKind", "message");
        assertThat(items.get(3)).isInstanceOf(ResultBatch.Valid.class);
        assertThat(fields(items.get(4))).containsExactly("");
        assertThat(((ResultBatch.Invalid) items.get(0)).problems()).filteredOn(p -> p.field().equals("outcome"))
                .singleElement().extracting(Problem::message).asString().contains("[UP, DOWN]").contains("MAYBE");
    }

    @Test
    void aBodyThatIsNoBatchIsRefusedAsAWhole() {
        assertThatThrownBy(() -> parse("{\"targetId\": \"shop\"}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be a JSON array");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("1 to 500");
        assertThatThrownBy(() -> parse("[" + "{},".repeat(ResultBatch.MAX_RESULTS) + "{}]"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not 501");
        assertThatThrownBy(() -> parse("[{\"targetId\": \"a\"")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> parse("[{\"targetId\": \"a\", \"targetId\": \"b\"}]"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is not JSON");
    }

    private static List<String> fields(ResultBatch.Item item) {
        assertThat(item).isInstanceOf(ResultBatch.Invalid.class);
        return ((ResultBatch.Invalid) item).problems().stream().map(Problem::field).toList();
    }
}

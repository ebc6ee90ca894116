package dev.healthmon.query.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.healthmon.contract.TargetIds;
import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of check results pushed over HTTP by a prober that does not speak Kafka: a JSON array of results, each in
 * the shape of a {@link CheckResult} ({@link PushedResult}), each judged on its own. Every problem of every result
 * is found at once; whether its target exists is for the target's owner to say.
 */
public final class ResultBatch {

    /** The most results one request may carry. */
    public static final int MAX_RESULTS = 500;
    /** The longest {@code message}, of a pushed result and of a heartbeat. */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** How far ahead of this service's clock a result may start: a prober's clock may be a little ahead. */
    static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);
    public static final int MAX_NAME_LENGTH = 128;
    static final int MAX_DETAILS = 32;

    private static final Set<String> FIELDS = Set.of("targetId", "checkType", "outcome", "failureKind",
            "latencyMicros", "region", "proberId", "startedAt", "statusCode", "exitCode", "message", "details");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** One result of the batch, as sent, and what it was judged to be. */
    public sealed interface Item {

        /** The result as it was sent. */
        JsonNode json();
    }

    /** A result without problems, as it will be published. */
    public record Valid(JsonNode json, CheckResult result) implements Item {
    }

    /** A result with problems, each naming the field (relative to the result) it concerns. */
    public record Invalid(JsonNode json, List<Problem> problems) implements Item {
    }

    private ResultBatch() {
    }

    /**
     * Every result of the body, judged at {@code now}.
     *
     * @throws InvalidRequestException when the body is not a JSON array of 1 to {@link #MAX_RESULTS} results
     */
    public static List<Item> parse(byte[] body, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw invalid("must be a JSON array of check results");
        }
        if (root.isEmpty() || root.size() > MAX_RESULTS) {
            throw invalid("must hold 1 to " + MAX_RESULTS + " results, not " + root.size());
        }
        List<Item> items = new ArrayList<>(root.size());
        root.forEach(node -> items.add(judge(node, now)));
        return items;
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(List.of(new Problem("", message)));
    }

    private static Item judge(JsonNode node, Instant now) {
        Fields fields = new Fields(node);
        if (!node.isObject()) {
            fields.problem("", "must be an object");
            return new Invalid(node, fields.problems);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                fields.problem(name, "is not a check result field; known fields are " + FIELDS.stream().sorted()
                        .toList());
            }
        }
        String targetId = fields.text("targetId", true, MAX_NAME_LENGTH);
        if (targetId != null && !TargetIds.isValid(targetId)) {
            fields.problem("targetId", "must match " + TargetIds.REGEX);
        }
        CheckType checkType = fields.symbol("checkType", true, CheckType.values());
        Outcome outcome = fields.symbol("outcome", true, Outcome.values());
        FailureKind failureKind = fields.symbol("failureKind", false, FailureKind.values());
        if (outcome == Outcome.DOWN && failureKind == null && !node.hasNonNull("failureKind")) {
            fields.problem("failureKind", "is required when the outcome is DOWN");
        }
        if (outcome == Outcome.UP && failureKind != null) {
            fields.problem("failureKind", "must be absent when the outcome is UP");
        }
        Long latencyMicros = fields.number("latencyMicros", 0, Long.MAX_VALUE);
        String region = fields.text("region", true, MAX_NAME_LENGTH);
        String proberId = fields.text("proberId", true, MAX_NAME_LENGTH);
        Instant startedAt = fields.instant("startedAt");
        if (startedAt != null && startedAt.isAfter(now.plus(MAX_CLOCK_AHEAD))) {
            fields.problem("startedAt", "is more than " + MAX_CLOCK_AHEAD.toMinutes()
                    + " minutes ahead of this service's clock (" + now + ")");
        }
        Long statusCode = fields.number("statusCode", 100, 599);
        Long exitCode = fields.number("exitCode", Integer.MIN_VALUE, Integer.MAX_VALUE);
        String message = fields.text("message", false, MAX_MESSAGE_LENGTH);
        Map<String, String> details = fields.details();
        if (!fields.problems.isEmpty()) {
            return new Invalid(node, fields.problems);
        }
        return new Valid(node, CheckResult.newBuilder()
                .setTargetId(targetId)
                .setCheckType(checkType)
                .setOutcome(outcome)
                .setFailureKind(failureKind)
                .setLatencyMicros(latencyMicros)
                .setRegion(region)
                .setProberId(proberId)
                .setStartedAt(startedAt)
                .setStatusCode(statusCode == null ? null : statusCode.intValue())
                .setExitCode(exitCode == null ? null : exitCode.intValue())
                .setMessage(message)
                .setDetails(details)
                .build());
    }

    /** Reads the fields of one result, noting each problem. */
    private static final class Fields {

        private final JsonNode node;
        private final List<Problem> problems = new ArrayList<>();

        Fields(JsonNode node) {
            this.node = node;
        }

        void problem(String field, String message) {
            problems.add(new Problem(field, message));
        }

        /** The value of a field that is present and not null, else null (and a problem when required). */
        private JsonNode value(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(field, "is required");
                }
                return null;
            }
            return value;
        }

        String text(String field, boolean required, int maxLength) {
            JsonNode value = value(field, required);
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || (required && value.asText().isBlank())) {
                problem(field, "must be a" + (required ? " non-blank" : "") + " string");
                return null;
            }
            if (value.asText().length() > maxLength) {
                problem(field, "must be at most " + maxLength + " characters");
                return null;
            }
            return value.asText();
        }

        <E extends Enum<E>> E symbol(String field, boolean required, E[] symbols) {
            JsonNode value = value(field, required);
            if (value == null) {
                return null;
            }
            for (E symbol : symbols) {
                if (value.isTextual() && symbol.name().equals(value.asText())) {
                    return symbol;
                }
            }
            problem(field, "must be one of " + Arrays.toString(symbols) + ", not " + value);
            return null;
        }

        Long number(String field, long min, long max) {
            JsonNode value = value(field, false);
            if (value == null) {
                return null;
            }
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong()
                    || value.asLong() < min || value.asLong() > max) {
                problem(field, "must be a whole number from " + min + " to " + max + ", not " + value);
                return null;
            }
            return value.asLong();
        }

        Instant instant(String field) {
            JsonNode value = value(field, true);
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                problem(field, "must be an ISO-8601 instant such as 2026-01-01T10:00:00Z, not " + value);
                return null;
            }
        }

        Map<String, String> details() {
            JsonNode value = value("details", false);
            Map<String, String> details = new LinkedHashMap<>();
            if (value == null) {
                return details;
            }
            if (!value.isObject() || value.size() > MAX_DETAILS) {
                problem("details", "must be an object of at most " + MAX_DETAILS + " string values");
                return details;
            }
            value.properties().forEach(entry -> {
                if (!entry.getValue().isTextual() || entry.getValue().asText().length() > MAX_MESSAGE_LENGTH) {
                    problem("details." + entry.getKey(), "must be a string of at most " + MAX_MESSAGE_LENGTH
                            + " characters");
                } else {
                    details.put(entry.getKey(), entry.getValue().asText());
                }
            });
            return details;
        }
    }
}

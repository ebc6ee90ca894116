package dev.healthmon.query.results;

import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One check result of {@code POST /v1/results}, as the OpenAPI description documents it: the fields of the
 * {@code CheckResult} record. {@link ResultBatch} reads and judges them.
 */
@Schema(name = "PushedResult", description = "One check run, as a prober that does not speak Kafka reports it")
public record PushedResult(
        @Schema(required = true, pattern = "[a-z0-9][a-z0-9._-]{0,127}", description = "The target checked")
        String targetId,
        @Schema(required = true) CheckType checkType,
        @Schema(required = true) Outcome outcome,
        @Schema(nullable = true, description = "Required when DOWN, absent when UP") FailureKind failureKind,
        @Schema(nullable = true, minimum = "0", description = "How long the check took") Long latencyMicros,
        @Schema(required = true, maxLength = ResultBatch.MAX_NAME_LENGTH, description = "Where the check ran from")
        String region,
        @Schema(required = true, maxLength = ResultBatch.MAX_NAME_LENGTH, description = "The prober that ran it")
        String proberId,
        @Schema(required = true, description = "When the check started (ISO-8601); at most 5 minutes ahead of the "
                + "service's clock") Instant startedAt,
        @Schema(nullable = true, minimum = "100", maximum = "599", description = "HTTP status, when one was received")
        Integer statusCode,
        @Schema(nullable = true, description = "Process exit code, for pushed heartbeats") Integer exitCode,
        @Schema(nullable = true, maxLength = ResultBatch.MAX_MESSAGE_LENGTH) String message,
        @Schema(nullable = true, description = "Check-specific facts, at most 32 string values")
        Map<String, String> details) {
}

package dev.healthmon.query.heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.healthmon.contract.ProcessExit;
import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.query.results.ResultBatch;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A heartbeat pushed by a monitored process, optionally with the exit code it stopped with and a message; what the
 * code means ({@link ProcessExit}) decides the outcome of the result it becomes.
 */
@Schema(name = "Heartbeat")
public record Heartbeat(
        @Schema(nullable = true, description = "The exit code of the process; none for a plain heartbeat")
        Integer exitCode,
        @Schema(nullable = true, maxLength = ResultBatch.MAX_MESSAGE_LENGTH) String message) {

    /** The region and prober id of every pushed result. */
    public static final String PUSH = "push";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** The heartbeat of a request body: an empty body is a plain heartbeat. */
    public static Heartbeat parse(byte[] body) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return new Heartbeat(null, null);
        }
        Heartbeat heartbeat;
        try {
            heartbeat = JSON.readValue(body, Heartbeat.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(List.of(new Problem(e.getPropertyName(),
                    "is not a heartbeat field; known fields are exitCode and message")));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new Problem("", "is not a heartbeat: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new Problem("", "cannot be read: " + e.getMessage())));
        }
        if (heartbeat == null) {
            return new Heartbeat(null, null);
        }
        if (heartbeat.message() != null && heartbeat.message().length() > ResultBatch.MAX_MESSAGE_LENGTH) {
            throw new InvalidRequestException(List.of(new Problem("message",
                    "must be at most " + ResultBatch.MAX_MESSAGE_LENGTH + " characters")));
        }
        return heartbeat;
    }

    /** The check result this heartbeat reports for {@code targetId}, received at {@code now}. */
    public CheckResult toCheckResult(String targetId, Instant now) {
        boolean failed = ProcessExit.of(exitCode) == ProcessExit.FAILED;
        return CheckResult.newBuilder()
                .setTargetId(targetId)
                .setCheckType(CheckType.HEARTBEAT)
                .setOutcome(failed ? Outcome.DOWN : Outcome.UP)
                .setFailureKind(failed ? FailureKind.EXIT_CODE : null)
                .setLatencyMicros(null)
                .setRegion(PUSH)
                .setProberId(PUSH)
                .setStartedAt(now)
                .setStatusCode(null)
                .setExitCode(exitCode)
                .setMessage(message)
                .setDetails(Map.of())
                .build();
    }
}

package dev.healthmon.query.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Heartbeat parse(String body) {
        return Heartbeat.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPlainHeartbeatIsUp() {
        CheckResult result = parse("").toCheckResult("job", NOW);

        assertThat(result.getTargetId()).isEqualTo("job");
        assertThat(result.getCheckType()).isEqualTo(CheckType.HEARTBEAT);
        assertThat(result.getOutcome()).isEqualTo(Outcome.UP);
        assertThat(result.getFailureKind()).isNull();
        assertThat(result.getExitCode()).isNull();
        assertThat(result.getRegion()).isEqualTo("push");
        assertThat(result.getProberId()).isEqualTo("push");
        assertThat(result.getStartedAt()).isEqualTo(NOW);
        assertThat(parse("{}").toCheckResult("job", NOW).getOutcome()).isEqualTo(Outcome.UP);
        assertThat(parse("null").toCheckResult("job", NOW).getOutcome()).isEqualTo(Outcome.UP);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 137, 143 })
    void aDeliberateStopIsNoFailureAndCarriesItsCode(int exitCode) {
        CheckResult result = parse("{\"exitCode\": " + exitCode + "}").toCheckResult("job", NOW);

        assertThat(result.getOutcome()).isEqualTo(Outcome.UP);
        assertThat(result.getFailureKind()).isNull();
        assertThat(result.getExitCode()).isEqualTo(exitCode);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 139, -1 })
    void anyOtherExitCodeIsDownOfKindExitCode(int exitCode) {
        CheckResult result = parse("{\"exitCode\": " + exitCode + ", \"message\": \"boom\"}").toCheckResult("job", NOW);

        assertThat(result.getOutcome()).isEqualTo(Outcome.DOWN);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(result.getExitCode()).isEqualTo(exitCode);
        assertThat(result.getMessage()).isEqualTo("boom");
    }

    @Test
    void badBodiesAreRefused() {
        assertThatThrownBy(() -> parse("{\"code\": 1}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> parse("{\"exitCode\": \"one\"}")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> parse("[1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> parse("{\"message\": \"" + "x".repeat(1025) + "\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("message");
    }
}

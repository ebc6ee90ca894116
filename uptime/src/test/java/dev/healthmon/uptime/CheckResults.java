package dev.healthmon.uptime;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;

/** Check results for tests: only the fields that uptime buckets read vary. */
final class CheckResults {

    static final String TARGET = "api.example";

    private CheckResults() {
    }

    static CheckResult up(Instant startedAt, Long latencyMicros) {
        return result(startedAt, Outcome.UP, null, latencyMicros);
    }

    static CheckResult down(Instant startedAt, FailureKind kind, Long latencyMicros) {
        return result(startedAt, Outcome.DOWN, kind, latencyMicros);
    }

    static CheckResult result(Instant startedAt, Outcome outcome, FailureKind kind, Long latencyMicros) {
        return CheckResult.newBuilder()
                .setTargetId(TARGET)
                .setCheckType(CheckType.HTTP)
                .setOutcome(outcome)
                .setFailureKind(kind)
                .setLatencyMicros(latencyMicros)
                .setRegion("eu-west")
                .setProberId("prober-1")
                .setStartedAt(startedAt)
                .build();
    }
}

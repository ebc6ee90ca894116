package dev.healthmon.analyzer.monitor;

import dev.healthmon.analyzer.region.RegionResult;
import dev.healthmon.contract.ProcessExit;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One check result or pushed heartbeat, as the analysis needs it.
 *
 * @param exitCode the pushed process exit code, or {@code null}
 * @param proberId the prober that ran the check
 */
public record Observation(String region, Outcome outcome, FailureKind failureKind, String message,
        Instant startedAt, Integer exitCode, String proberId) {

    public Observation {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public ProcessExit processExit() {
        return ProcessExit.of(exitCode);
    }

    /** The result as a region counts it: a failed process is {@code DOWN} of kind {@code EXIT_CODE}. */
    public RegionResult asRegionResult() {
        if (processExit() == ProcessExit.FAILED) {
            return new RegionResult(Outcome.DOWN, FailureKind.EXIT_CODE,
                    message != null ? message : "process exited with code " + exitCode, startedAt, proberId);
        }
        return new RegionResult(outcome, outcome == Outcome.DOWN ? kindOrOther() : null, message, startedAt,
                proberId);
    }

    private FailureKind kindOrOther() {
        return failureKind != null ? failureKind : FailureKind.OTHER;
    }
}

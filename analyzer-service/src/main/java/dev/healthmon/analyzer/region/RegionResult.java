package dev.healthmon.analyzer.region;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;
import java.util.Objects;

/** One result as a region's vote sees it: the verdict, why, and when the check started. */
public record RegionResult(Outcome outcome, FailureKind failureKind, String message, Instant startedAt) {

    public RegionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}

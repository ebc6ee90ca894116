package dev.healthmon.analyzer.region;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One result as a region's vote sees it: the verdict, why, when the check started, and who checked.
 *
 * @param proberId the prober that ran the check, or {@code null} for a result the analysis made itself (a missed
 *        heartbeat)
 */
public record RegionResult(Outcome outcome, FailureKind failureKind, String message, Instant startedAt,
        String proberId) {

    public RegionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}

package dev.healthmon.analyzer.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * An open period.
 *
 * @param periodId the event id of its opening event, shared by the closing one
 * @param rootCause for an incident: the {@code DOWN} dependency it was suppressed by, else {@code null}
 */
public record Period(String periodId, Instant openedAt, String rootCause) {

    public Period {
        Objects.requireNonNull(periodId, "periodId");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}

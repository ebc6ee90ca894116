package dev.healthmon.system.load;

import dev.healthmon.schemas.FailureKind;
import java.time.Instant;
import java.util.Set;

/**
 * A known outage of one target: the results the {@link LoadGenerator} sends for it from {@code from} (inclusive)
 * until {@code until} (exclusive) are {@code DOWN} with {@code kind}, in the given regions (every region when empty).
 */
public record Outage(String targetId, Instant from, Instant until, Set<String> regions, FailureKind kind) {

    public Outage {
        regions = Set.copyOf(regions);
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("An outage ends after it begins: " + from + " .. " + until);
        }
    }

    /** An outage seen from every region, as a refused connection. */
    public static Outage everywhere(String targetId, Instant from, Instant until) {
        return new Outage(targetId, from, until, Set.of(), FailureKind.CONNECTION_REFUSED);
    }

    boolean covers(String region, Instant at) {
        return !at.isBefore(from) && at.isBefore(until) && (regions.isEmpty() || regions.contains(region));
    }
}

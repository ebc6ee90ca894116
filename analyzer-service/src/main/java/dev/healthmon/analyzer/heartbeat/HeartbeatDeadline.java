package dev.healthmon.analyzer.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The TTL of a heartbeat target: each {@code ttl} after the last result of a region without a new heartbeat is a
 * missed heartbeat. Missed heartbeats are placed at exact multiples of the TTL after the last heartbeat, never at
 * the moment someone noticed, so a replay of the same results finds the same misses at the same instants.
 */
public record HeartbeatDeadline(Duration ttl) {

    public HeartbeatDeadline {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("Heartbeat ttl must be positive, got " + ttl);
        }
    }

    /**
     * The instant the next heartbeat is missed after a result at {@code lastResultAt}; it counts once time has
     * passed it, so a heartbeat that starts exactly at the deadline is in time.
     */
    public Instant missedAfter(Instant lastResultAt) {
        return lastResultAt.plus(ttl);
    }
}

package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.TargetState;
import java.time.Instant;

/** What the analysis tells the uptime buckets: the target entered {@code state} at {@code at}; null once deleted. */
record TargetStateChange(TargetState state, Instant at) implements UptimeInput {
}

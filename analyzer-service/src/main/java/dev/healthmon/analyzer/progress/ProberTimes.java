package dev.healthmon.analyzer.progress;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest start time among each prober's results that a task has read: how far each prober has shown the task
 * that time has passed. Kept in memory, as Kafka Streams keeps its stream time: after a restart the first results
 * read show it again.
 */
public final class ProberTimes {

    private final Map<String, Instant> latest = new HashMap<>();

    public void read(String proberId, Instant startedAt) {
        latest.merge(proberId, startedAt, (known, read) -> read.isAfter(known) ? read : known);
    }

    /** The task's progress now, with what the catch-up check says. */
    public InputProgress progress(Instant wallClock, Optional<CaughtUp> caughtUp, Duration lateResultWindow) {
        return new InputProgress(wallClock, latest, caughtUp, lateResultWindow);
    }
}

package dev.healthmon.analyzer.target;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the analyzer remembers about one target between two inputs; immutable.
 *
 * @param incarnation epoch millis at which this target's analysis began; part of every event id, so that a target
 *        deleted and created again never reuses the ids of its former life
 * @param nextSequence the sequence number of the next event; event ids are {@code targetId:incarnation:sequence}
 * @param clock the latest instant the analysis has reached (result start times and ticks, never going back)
 * @param adminPaused the definition is disabled
 * @param processPaused the process pushed a stop exit code and has not sent a heartbeat since
 * @param regions votes by region name, each present from its first result, sorted by name
 */
public record TargetAnalysis(String targetId, long incarnation, long nextSequence, Instant clock,
        TargetState state, Instant since, boolean adminPaused, boolean processPaused,
        Map<String, RegionVote> regions, CircuitBreaker circuit, PeriodTracker periods) {

    public TargetAnalysis {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(periods, "periods");
        // Sorted by region name so that iteration, and hence every decision, is deterministic.
        regions = Collections.unmodifiableSortedMap(new TreeMap<>(regions));
    }

    public boolean paused() {
        return adminPaused || processPaused;
    }

    /** The same analysis with its clock set to {@code at}. */
    public TargetAnalysis withClock(Instant at) {
        return new TargetAnalysis(targetId, incarnation, nextSequence, at, state, since, adminPaused, processPaused,
                regions, circuit, periods);
    }

    /** The open incident's id, if one is open. */
    public String openIncidentId() {
        return periods.get(PeriodKind.INCIDENT).map(p -> p.periodId()).orElse(null);
    }

    /** The dependency the open incident is suppressed by, if any. */
    public String rootCause() {
        return periods.get(PeriodKind.INCIDENT).map(p -> p.rootCause()).orElse(null);
    }
}

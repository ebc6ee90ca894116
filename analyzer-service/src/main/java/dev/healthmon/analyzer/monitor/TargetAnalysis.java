package dev.healthmon.analyzer.monitor;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
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

    /**
     * Whether {@code other} says the same as this analysis about what an operator acts on: the target's state and
     * since, each region's reported state, the circuit's state and the open periods. Two such analyses differ at most
     * in counters, the last result's details and the clock, which a status may carry a little later.
     */
    public boolean sameHeadline(TargetAnalysis other) {
        if (state != other.state || !since.equals(other.since) || circuit.state() != other.circuit.state()
                || !circuit.since().equals(other.circuit.since()) || !periods.equals(other.periods)
                || !regions.keySet().equals(other.regions.keySet())) {
            return false;
        }
        for (Map.Entry<String, RegionVote> region : regions.entrySet()) {
            if (region.getValue().reported() != other.regions.get(region.getKey()).reported()) {
                return false;
            }
        }
        return true;
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

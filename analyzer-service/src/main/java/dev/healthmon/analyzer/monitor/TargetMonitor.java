package dev.healthmon.analyzer.monitor;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.Period;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.quorum.QuorumDecision;
import dev.healthmon.analyzer.region.RegionResult;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.contract.ProcessExit;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Judges one target: an analysis and an input (a result, the passing of time, a new definition, a deletion) in,
 * the next analysis and the events it caused out. Pure and deterministic: the same inputs in the same order give
 * the same analyses and the same event ids.
 *
 * <p>Time-driven changes (a region going stale, a missed heartbeat, an open circuit's recovery timeout) are placed
 * at the instant they became due, and are applied in that order whenever time reaches them, be it through a tick
 * or through a result that started later. So a replay that sees no ticks reproduces them at the same instants.
 *
 * <p>Within one input every closing event comes before any opening event.
 */
public final class TargetMonitor {

    private final String targetId;
    private final TargetRules rules;
    private final DependencyStates dependencies;

    /** The analysis and the events an input produced. */
    public record Step(TargetAnalysis analysis, List<TargetEvent> events) {

        public Step {
            Objects.requireNonNull(analysis, "analysis");
            events = List.copyOf(events);
        }
    }

    public TargetMonitor(String targetId, TargetRules rules, DependencyStates dependencies) {
        this.targetId = Objects.requireNonNull(targetId, "targetId");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
    }

    /** The analysis of a target that has just been defined at {@code at}: {@code UNKNOWN}, or {@code PAUSED}. */
    public TargetAnalysis start(Instant at) {
        return new TargetAnalysis(targetId, at.toEpochMilli(), 0, at,
                rules.enabled() ? TargetState.UNKNOWN : TargetState.PAUSED, at, !rules.enabled(), false,
                Map.of(), CircuitBreaker.closed(at), PeriodTracker.NONE);
    }

    public Step onResult(TargetAnalysis analysis, Observation observation) {
        Work work = new Work(analysis);
        work.advanceTo(observation.startedAt());
        RegionVote known = work.regions.get(observation.region());
        boolean outOfOrder = known != null && known.isOutOfOrder(observation.startedAt());
        ProcessExit exit = observation.processExit();
        if (exit == ProcessExit.STOPPED) {
            if (!outOfOrder) {
                work.pause(PauseSource.PROCESS);
            }
            return work.step();
        }
        if (work.processPaused && !outOfOrder) {
            work.resume(PauseSource.PROCESS);
        }
        if (!work.paused()) {
            work.applyResult(observation.region(), observation.asRegionResult());
        }
        return work.step();
    }

    /**
     * Whether anything falls due by {@code now} (a region going stale, a missed heartbeat, an open circuit's
     * recovery), as {@link #onTick} would apply it: when nothing does, a tick changes nothing but the clock.
     */
    public boolean dueBy(TargetAnalysis analysis, Instant now) {
        return nextMoment(analysis.paused(), analysis.regions().values(), analysis.circuit(), now).isPresent();
    }

    /** The passing of (wall-clock) time up to {@code now}. */
    public Step onTick(TargetAnalysis analysis, Instant now) {
        Work work = new Work(analysis);
        work.advanceTo(now);
        return work.step();
    }

    /**
     * The target's definition changed (this monitor holds the new rules): a disabled target is paused, an
     * enabled one resumed, and the state is decided again, since the quorum may have changed.
     */
    public Step onDefinitionChange(TargetAnalysis analysis, Instant at) {
        Work work = new Work(analysis);
        work.advanceTo(at);
        if (!rules.enabled()) {
            work.pause(PauseSource.ADMIN);
        } else if (work.adminPaused) {
            work.resume(PauseSource.ADMIN);
        }
        if (!work.paused()) {
            work.settle(null, List.of());
        }
        return work.step();
    }

    /** The target was deleted: every open period is closed with reason {@code DELETED}. */
    public Step onDeletion(TargetAnalysis analysis, Instant at) {
        Work work = new Work(analysis);
        work.clock = max(work.clock, at);
        work.closeAll(CloseReason.DELETED, null);
        return work.step();
    }

    private enum PauseSource {
        ADMIN, PROCESS
    }

    /** The mutable working copy of one analysis during one input. */
    private final class Work {

        private final long incarnation;
        private long nextSequence;
        private Instant clock;
        private TargetState state;
        private Instant since;
        private boolean adminPaused;
        private boolean processPaused;
        private final TreeMap<String, RegionVote> regions;
        private CircuitBreaker circuit;
        private PeriodTracker periods;
        private final List<TargetEvent> events = new ArrayList<>();

        Work(TargetAnalysis analysis) {
            if (!analysis.targetId().equals(targetId)) {
                throw new IllegalArgumentException("Analysis of " + analysis.targetId() + " given to the monitor of "
                        + targetId);
            }
            incarnation = analysis.incarnation();
            nextSequence = analysis.nextSequence();
            clock = analysis.clock();
            state = analysis.state();
            since = analysis.since();
            adminPaused = analysis.adminPaused();
            processPaused = analysis.processPaused();
            regions = new TreeMap<>(analysis.regions());
            circuit = analysis.circuit();
            periods = analysis.periods();
        }

        Step step() {
            return new Step(new TargetAnalysis(targetId, incarnation, nextSequence, clock, state, since,
                    adminPaused, processPaused, regions, circuit, periods), events);
        }

        boolean paused() {
            return adminPaused || processPaused;
        }

        /**
         * Applies, moment by moment in chronological order, everything that falls due before {@code until} (an
         * open circuit's recovery: at {@code until} too). A region goes stale, and a heartbeat is missed, only
         * once its deadline has strictly passed, so a result starting exactly at the deadline is in time.
         */
        void advanceTo(Instant until) {
            for (Optional<Instant> moment = nextMoment(until); moment.isPresent(); moment = nextMoment(until)) {
                Instant at = moment.get();
                clock = max(clock, at);
                // Everything due at one instant is one moment, judged once: no zero-length periods in between.
                CircuitBreaker.Step recovery = circuit.advance(at, rules.circuit());
                circuit = recovery.breaker();
                emitCircuit(recovery, null, state);
                List<CircuitBreaker.Step> circuitSteps = new ArrayList<>();
                RegionResult firstMiss = null;
                for (RegionVote region : List.copyOf(regions.values())) {
                    Optional<Instant> missed = missedHeartbeat(region, until).filter(at::equals);
                    if (missed.isPresent()) {
                        RegionResult miss = new RegionResult(Outcome.DOWN, FailureKind.MISSED_HEARTBEAT,
                                "no heartbeat within " + rules.heartbeat().orElseThrow().ttl(), at, null);
                        circuitSteps.add(vote(region.region(), miss));
                        firstMiss = firstMiss != null ? firstMiss : miss;
                    }
                }
                for (RegionVote region : List.copyOf(regions.values())) {
                    if (staleness(region, until).filter(at::equals).isPresent()) {
                        regions.put(region.region(), region.markedStale());
                    }
                }
                settle(firstMiss, circuitSteps);
            }
            clock = max(clock, until);
        }

        private Optional<Instant> nextMoment(Instant until) {
            return TargetMonitor.this.nextMoment(paused(), regions.values(), circuit, until);
        }

        /** A real result for a region: its vote, the circuit breaker, the target state. */
        void applyResult(String region, RegionResult result) {
            settle(result, List.of(vote(region, result)));
        }

        /** Counts a result in its region's vote and in the circuit breaker, whose step is returned. */
        private CircuitBreaker.Step vote(String region, RegionResult result) {
            RegionVote before = regions.get(region);
            regions.put(region, before == null ? RegionVote.first(region, result, rules.thresholds())
                    : before.apply(result, rules.thresholds()));
            // The circuit breaker is fed in arrival order, late results included.
            CircuitBreaker.Step step = circuit.onResult(result.outcome() == Outcome.UP, clock, rules.circuit());
            circuit = step.breaker();
            return step;
        }

        /**
         * Decides the target state again and sends the events: the target's closing events, then the circuit's
         * events, then the target's opening events, so that closers always precede openers.
         */
        void settle(RegionResult cause, List<CircuitBreaker.Step> circuitSteps) {
            TargetState next = QuorumDecision.decide(rules.quorum(), regions.values());
            boolean changed = next != state;
            if (changed) {
                for (PeriodKind kind : PeriodKind.TARGET_STATE_PERIODS) {
                    periods.get(kind).ifPresent(open -> kind.closesOn(next)
                            .ifPresent(reason -> close(kind, open, reason, next, null)));
                }
            }
            circuitSteps.forEach(step -> emitCircuit(step, null, next));
            if (changed) {
                for (PeriodKind kind : PeriodKind.TARGET_STATE_PERIODS) {
                    if (kind.opensOn(next) && !periods.isOpen(kind)) {
                        open(kind, next, null, cause);
                    }
                }
                state = next;
                since = clock;
            }
        }

        void pause(PauseSource source) {
            boolean wasPaused = paused();
            if (source == PauseSource.ADMIN) {
                adminPaused = true;
            } else {
                processPaused = true;
            }
            if (!wasPaused) {
                closeAll(CloseReason.PAUSED, TargetState.PAUSED);
                state = TargetState.PAUSED;
                since = clock;
            }
        }

        /**
         * Lifts one pause; once none is left the target starts afresh ({@code UNKNOWN}, no region votes), because
         * what the regions said before the pause says nothing about now.
         */
        void resume(PauseSource source) {
            if (source == PauseSource.ADMIN) {
                adminPaused = false;
            } else {
                processPaused = false;
            }
            if (!paused() && state == TargetState.PAUSED) {
                regions.clear();
                circuit = CircuitBreaker.closed(clock);
                state = TargetState.UNKNOWN;
                since = clock;
            }
        }

        /** Closes every open period, the circuit's by resetting the breaker. */
        void closeAll(CloseReason reason, TargetState stateAfter) {
            for (PeriodKind kind : PeriodKind.TARGET_STATE_PERIODS) {
                periods.get(kind).ifPresent(open -> close(kind, open, reason, stateAfter, null));
            }
            CircuitBreaker.Step reset = circuit.reset(clock);
            circuit = reset.breaker();
            emitCircuit(reset, reason, stateAfter);
        }

        /** Sends the event of a circuit step, if it moved; {@code resetReason} is the close reason of a reset. */
        private void emitCircuit(CircuitBreaker.Step step, CloseReason resetReason, TargetState stateAfter) {
            step.transition().ifPresent(transition -> {
                CircuitState circuitState = transition.to();
                switch (transition) {
                    case CLOSED_TO_OPEN -> open(PeriodKind.CIRCUIT, stateAfter, circuitState, null);
                    case OPEN_TO_HALF_OPEN -> within(HealthEventType.CIRCUIT_HALF_OPENED, stateAfter, circuitState);
                    case HALF_OPEN_TO_OPEN -> within(HealthEventType.CIRCUIT_REOPENED, stateAfter, circuitState);
                    case HALF_OPEN_TO_CLOSED, OPEN_TO_CLOSED -> close(PeriodKind.CIRCUIT,
                            periods.get(PeriodKind.CIRCUIT).orElseThrow(),
                            resetReason != null ? resetReason : CloseReason.RECOVERED, stateAfter, circuitState);
                }
            });
        }

        private void open(PeriodKind kind, TargetState stateAfter, CircuitState circuitState, RegionResult cause) {
            String eventId = nextEventId();
            String rootCause = kind == PeriodKind.INCIDENT ? downDependency() : null;
            periods = periods.opened(kind, new Period(eventId, clock, rootCause));
            FailureKind failureKind = kind == PeriodKind.INCIDENT ? incidentFailureKind(cause) : null;
            String message = kind == PeriodKind.INCIDENT && cause != null && cause.outcome() == Outcome.DOWN
                    ? cause.message() : null;
            events.add(new TargetEvent(eventId, kind.opener(), targetId, eventId, clock, stateAfter, circuitState,
                    null, null, failureKind, message, rootCause, rootCause != null));
        }

        private void close(PeriodKind kind, Period open, CloseReason reason, TargetState stateAfter,
                CircuitState circuitState) {
            periods = periods.closed(kind);
            events.add(new TargetEvent(nextEventId(), kind.closer(), targetId, open.periodId(), clock, stateAfter,
                    circuitState, reason, Duration.between(open.openedAt(), clock), null, null, open.rootCause(),
                    open.rootCause() != null));
        }

        private void within(HealthEventType type, TargetState stateAfter, CircuitState circuitState) {
            String periodId = periods.get(PeriodKind.CIRCUIT).orElseThrow().periodId();
            events.add(new TargetEvent(nextEventId(), type, targetId, periodId, clock, stateAfter, circuitState,
                    null, null, null, null, null, false));
        }

        private String downDependency() {
            return rules.dependsOn().stream()
                    .filter(dependency -> dependencies.stateOf(dependency).orElse(null) == TargetState.DOWN)
                    .findFirst().orElse(null);
        }

        /** The kind of the result that tipped the target, else that of the first region voting DOWN. */
        private FailureKind incidentFailureKind(RegionResult cause) {
            if (cause != null && cause.outcome() == Outcome.DOWN) {
                return cause.failureKind();
            }
            return regions.values().stream().filter(r -> r.votes() && r.decided() == RegionState.DOWN)
                    .map(RegionVote::lastFailureKind).filter(Objects::nonNull).findFirst().orElse(null);
        }

        private String nextEventId() {
            return targetId + ":" + incarnation + ":" + nextSequence++;
        }
    }

    /** The earliest instant at which something falls due before {@code until}, if anything does. */
    private Optional<Instant> nextMoment(boolean paused, Collection<RegionVote> regions, CircuitBreaker circuit,
            Instant until) {
        if (paused) {
            return Optional.empty();
        }
        List<Instant> due = new ArrayList<>();
        circuit.recoveryDueAt(rules.circuit()).filter(at -> !at.isAfter(until)).ifPresent(due::add);
        for (RegionVote region : regions) {
            missedHeartbeat(region, until).ifPresent(due::add);
            staleness(region, until).ifPresent(due::add);
        }
        return due.stream().min(Comparator.naturalOrder());
    }

    private Optional<Instant> missedHeartbeat(RegionVote region, Instant until) {
        if (region.stale()) {
            return Optional.empty();
        }
        return rules.heartbeat().map(ttl -> ttl.missedAfter(region.lastResultAt()))
                .filter(deadline -> deadline.isBefore(until));
    }

    private Optional<Instant> staleness(RegionVote region, Instant until) {
        Instant staleAt = region.staleAt(rules.staleAfter());
        return region.stale() || !staleAt.isBefore(until) ? Optional.empty() : Optional.of(staleAt);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

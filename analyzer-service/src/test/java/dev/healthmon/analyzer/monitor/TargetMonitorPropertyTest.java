package dev.healthmon.analyzer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.circuit.CircuitBreakerConfig;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Invariants of the monitor over random sequences of results, ticks, pauses and resumes, ended by a deletion. */
class TargetMonitorPropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Set<HealthEventType> OPENERS = Arrays.stream(PeriodKind.values()).map(PeriodKind::opener)
            .collect(Collectors.toSet());
    private static final Set<HealthEventType> CLOSERS = Arrays.stream(PeriodKind.values()).map(PeriodKind::closer)
            .collect(Collectors.toSet());

    sealed interface Input {
    }

    /** A result {@code jitter} seconds off the running clock (negative: late), then the clock moves {@code step}. */
    record Result(String region, boolean up, int jitter, int step, Integer exitCode) implements Input {
    }

    record Tick(int step) implements Input {
    }

    /** Disables an enabled target, enables a disabled one. */
    record Toggle() implements Input {
    }

    /** One input's effect. */
    record Step(TargetAnalysis before, TargetAnalysis after, List<TargetEvent> events) {
    }

    record Scenario(TargetRules rules, List<Input> inputs) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<TargetRules> rules = Combinators.combine(Arbitraries.of(Quorum.class),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(20, 90).injectNull(0.6)).as((quorum, failures, successes, ttl) ->
                        TargetRules.resolve(quorum, failures, successes, null, Duration.ofSeconds(30),
                                Duration.ofSeconds(5), ttl == null ? null : Duration.ofSeconds(ttl),
                                new CircuitBreakerConfig(3, 2, Duration.ofSeconds(60), 3), List.of(), true));
        Arbitrary<Input> result = Combinators.combine(Arbitraries.of("ap", "eu", "us"), Arbitraries.of(true, false),
                Arbitraries.integers().between(-30, 5), Arbitraries.integers().between(0, 40),
                Arbitraries.of(0, 1, 137, 143).injectNull(0.9)).as(Result::new);
        Arbitrary<Input> tick = Arbitraries.integers().between(1, 200).map(Tick::new);
        Arbitrary<Input> toggle = Arbitraries.just(new Toggle());
        Arbitrary<List<Input>> inputs = Arbitraries.frequencyOf(
                Tuple.of(12, result), Tuple.of(3, tick), Tuple.of(1, toggle))
                .list().ofMaxSize(80);
        return Combinators.combine(rules, inputs).as(Scenario::new);
    }

    private static List<Step> run(Scenario scenario) {
        TargetRules rules = scenario.rules();
        TargetAnalysis analysis = new TargetMonitor(MonitorDriver.TARGET, rules, DependencyStates.NONE).start(T0);
        List<Step> steps = new ArrayList<>();
        Instant clock = T0;
        for (Input input : scenario.inputs()) {
            TargetMonitor.Step step;
            if (input instanceof Result r) {
                TargetMonitor monitor = new TargetMonitor(MonitorDriver.TARGET, rules, DependencyStates.NONE);
                step = monitor.onResult(analysis, new Observation(r.region(), r.up() ? Outcome.UP : Outcome.DOWN,
                        r.up() ? null : FailureKind.CONNECTION_REFUSED, null, clock.plusSeconds(r.jitter()),
                        r.exitCode(), r.region() + "-1"));
                clock = clock.plusSeconds(r.step());
            } else if (input instanceof Tick t) {
                clock = clock.plusSeconds(t.step());
                step = new TargetMonitor(MonitorDriver.TARGET, rules, DependencyStates.NONE).onTick(analysis, clock);
            } else {
                rules = new TargetRules(rules.quorum(), rules.thresholds(), rules.staleAfter(), rules.heartbeat(),
                        rules.circuit(), rules.dependsOn(), !rules.enabled());
                step = new TargetMonitor(MonitorDriver.TARGET, rules, DependencyStates.NONE)
                        .onDefinitionChange(analysis, clock);
            }
            steps.add(new Step(analysis, step.analysis(), step.events()));
            analysis = step.analysis();
        }
        TargetMonitor.Step deletion = new TargetMonitor(MonitorDriver.TARGET, rules, DependencyStates.NONE)
                .onDeletion(analysis, clock);
        steps.add(new Step(analysis, deletion.analysis(), deletion.events()));
        return steps;
    }

    private static List<TargetEvent> events(List<Step> steps) {
        return steps.stream().flatMap(step -> step.events().stream()).toList();
    }

    @Property(tries = 300)
    void everyPeriodOpensOnceAndClosesExactlyOnce(@ForAll("scenarios") Scenario scenario) {
        List<Step> steps = run(scenario);
        Map<String, List<TargetEvent>> byPeriod = new LinkedHashMap<>();
        events(steps).forEach(e -> byPeriod.computeIfAbsent(e.periodId(), id -> new ArrayList<>()).add(e));
        byPeriod.forEach((periodId, events) -> {
            TargetEvent opener = events.get(0);
            PeriodKind kind = Arrays.stream(PeriodKind.values()).filter(k -> k.opener() == opener.type()).findFirst()
                    .orElseThrow(() -> new AssertionError("Period " + periodId + " starts with " + opener.type()));
            assertThat(opener.eventId()).isEqualTo(periodId);
            TargetEvent closer = events.get(events.size() - 1);
            assertThat(closer.type()).as("period %s: %s", periodId, events).isEqualTo(kind.closer());
            assertThat(closer.duration()).isEqualTo(Duration.between(opener.occurredAt(), closer.occurredAt()));
            assertThat(events.subList(1, events.size() - 1)).allSatisfy(inside -> assertThat(inside.type())
                    .isIn(HealthEventType.CIRCUIT_HALF_OPENED, HealthEventType.CIRCUIT_REOPENED));
        });
        assertThat(steps.get(steps.size() - 1).after().periods().open()).isEmpty();
    }

    @Property(tries = 300)
    void aTickChangesMoreThanTheClockExactlyWhenSomethingIsDue(@ForAll("scenarios") Scenario scenario) {
        TargetMonitor monitor = new TargetMonitor(MonitorDriver.TARGET, scenario.rules(), DependencyStates.NONE);
        for (Step step : run(scenario)) {
            TargetAnalysis analysis = step.after();
            for (long later : new long[] {0, 1, 5, 30, 65, 66, 120, 600}) {
                Instant now = analysis.clock().plusSeconds(later);
                TargetMonitor.Step tick = monitor.onTick(analysis, now);
                boolean changed = !tick.events().isEmpty()
                        || !tick.analysis().withClock(analysis.clock()).equals(analysis);
                assertThat(monitor.dueBy(analysis, now)).as("%s at +%d s", analysis, later).isEqualTo(changed);
            }
        }
    }

    @Property(tries = 300)
    void withinOneMomentClosersComeBeforeOpeners(@ForAll("scenarios") Scenario scenario) {
        for (Step step : run(scenario)) {
            // One input may reach several moments (a region going stale, then the result); each is ordered.
            Map<Instant, List<HealthEventType>> moments = new LinkedHashMap<>();
            step.events().forEach(e -> moments.computeIfAbsent(e.occurredAt(), at -> new ArrayList<>()).add(e.type()));
            moments.values().forEach(types -> {
                int lastCloser = -1;
                int firstOpener = Integer.MAX_VALUE;
                for (int i = 0; i < types.size(); i++) {
                    if (CLOSERS.contains(types.get(i))) {
                        lastCloser = i;
                    }
                    if (OPENERS.contains(types.get(i))) {
                        firstOpener = Math.min(firstOpener, i);
                    }
                }
                assertThat(lastCloser).as("events %s", types).isLessThan(firstOpener);
            });
        }
    }

    @Property(tries = 300)
    void statesFollowTheThresholdsAndThePeriods(@ForAll("scenarios") Scenario scenario) {
        List<Step> steps = run(scenario);
        int failures = scenario.rules().thresholds().failureThreshold();
        int successes = scenario.rules().thresholds().successThreshold();
        // Missed heartbeats add results of their own to a step; the region's own property test covers those.
        for (Step step : scenario.rules().heartbeat().isPresent() ? List.<Step>of() : steps) {
            for (RegionVote region : step.after().regions().values()) {
                RegionVote before = step.before().regions().get(region.region());
                if (before == null || before.decided() != region.decided()) {
                    if (region.decided() == RegionState.DOWN) {
                        assertThat(region.consecutiveFailures()).isGreaterThanOrEqualTo(failures);
                    }
                    if (region.decided() == RegionState.UP) {
                        assertThat(region.consecutiveSuccesses()).isGreaterThanOrEqualTo(successes);
                    }
                }
            }
        }
        // The deletion (the last step) closes everything whatever the state; before it, periods mirror states.
        for (Step step : steps.subList(0, steps.size() - 1)) {
            TargetAnalysis after = step.after();
            if (after.state() == TargetState.DOWN) {
                assertThat(after.openIncidentId()).isNotNull();
            }
            if (after.state() == TargetState.PAUSED) {
                assertThat(after.periods().open()).isEmpty();
            }
            assertThat(after.periods().isOpen(PeriodKind.DEGRADATION)).isEqualTo(after.state() == TargetState.DEGRADED);
            assertThat(after.periods().isOpen(PeriodKind.NO_DATA)).isEqualTo(after.state() == TargetState.NO_DATA);
            assertThat(after.periods().isOpen(PeriodKind.CIRCUIT))
                    .isEqualTo(after.circuit().state() != CircuitState.CLOSED);
            assertThat(after.state() == TargetState.PAUSED).isEqualTo(after.paused());
        }
    }

    @Property(tries = 200)
    void eventIdsAreUniqueAndAReplayReproducesThem(@ForAll("scenarios") Scenario scenario) {
        List<TargetEvent> first = events(run(scenario));
        List<TargetEvent> second = events(run(scenario));
        assertThat(second).isEqualTo(first);
        Set<String> ids = new HashSet<>();
        first.forEach(e -> assertThat(ids.add(e.eventId())).as("duplicate id %s", e.eventId()).isTrue());
    }
}

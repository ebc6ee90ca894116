package dev.healthmon.analyzer.monitor;

import dev.healthmon.analyzer.circuit.TestCircuits;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Feeds one target's monitor input by input, keeping the analysis and every event, for the domain tests. */
final class MonitorDriver {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final String TARGET = "checkout-api";
    /** 2 × 30 s interval + 5 s timeout. */
    static final Duration STALE_AFTER = Duration.ofSeconds(65);

    private TargetRules rules;
    private DependencyStates dependencies = DependencyStates.NONE;
    private TargetAnalysis analysis;
    private final List<TargetEvent> events = new ArrayList<>();
    private final List<List<TargetEvent>> steps = new ArrayList<>();

    MonitorDriver(TargetRules rules) {
        this.rules = rules;
        this.analysis = monitor().start(T0);
    }

    static TargetRules probed(Quorum quorum, int failureThreshold, int successThreshold) {
        return TargetRules.resolve(quorum, failureThreshold, successThreshold, null, Duration.ofSeconds(30),
                Duration.ofSeconds(5), null, TestCircuits.DEFAULT, List.of(), true);
    }

    static TargetRules heartbeat(Duration ttl) {
        return TargetRules.resolve(Quorum.ANY, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(5), ttl,
                TestCircuits.DEFAULT, List.of(), true);
    }

    private TargetMonitor monitor() {
        return new TargetMonitor(TARGET, rules, dependencies);
    }

    MonitorDriver dependencies(DependencyStates states) {
        this.dependencies = states;
        return this;
    }

    MonitorDriver up(String region, long second) {
        return observe(new Observation(region, Outcome.UP, null, "ok", T0.plusSeconds(second), null, region + "-1"));
    }

    MonitorDriver down(String region, long second) {
        return observe(new Observation(region, Outcome.DOWN, FailureKind.TIMEOUT, "timed out",
                T0.plusSeconds(second), null, region + "-1"));
    }

    MonitorDriver exit(String region, int code, long second) {
        return observe(new Observation(region, Outcome.UP, null, null, T0.plusSeconds(second), code, region + "-1"));
    }

    MonitorDriver observe(Observation observation) {
        return record(monitor().onResult(analysis, observation));
    }

    MonitorDriver tick(long second) {
        return record(monitor().onTick(analysis, T0.plusSeconds(second)));
    }

    MonitorDriver redefine(TargetRules newRules, long second) {
        rules = newRules;
        return record(monitor().onDefinitionChange(analysis, T0.plusSeconds(second)));
    }

    MonitorDriver delete(long second) {
        return record(monitor().onDeletion(analysis, T0.plusSeconds(second)));
    }

    private MonitorDriver record(TargetMonitor.Step step) {
        analysis = step.analysis();
        events.addAll(step.events());
        steps.add(step.events());
        return this;
    }

    TargetAnalysis analysis() {
        return analysis;
    }

    List<TargetEvent> events() {
        return events;
    }

    List<TargetEvent> lastStep() {
        return steps.get(steps.size() - 1);
    }

    List<HealthEventType> types() {
        return events.stream().map(TargetEvent::type).toList();
    }

    List<HealthEventType> lastTypes() {
        return lastStep().stream().map(TargetEvent::type).toList();
    }

    TargetEvent last(HealthEventType type) {
        return events.stream().filter(e -> e.type() == type).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("No " + type + " in " + types()));
    }
}

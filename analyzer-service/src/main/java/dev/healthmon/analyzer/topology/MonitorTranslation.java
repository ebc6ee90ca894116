package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.circuit.CircuitBreakerConfig;
import dev.healthmon.analyzer.monitor.Observation;
import dev.healthmon.analyzer.monitor.TargetAnalysis;
import dev.healthmon.analyzer.monitor.TargetEvent;
import dev.healthmon.analyzer.monitor.TargetRules;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.CircuitStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.RegionStatus;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import java.time.Duration;

/** Between the published records and the domain's types. */
final class MonitorTranslation {

    private MonitorTranslation() {
    }

    /**
     * The rules of a definition. Settings below their minimum (thresholds under 1, durations under 1 ms) are read
     * as the minimum: a definition that slipped past validation must not stop the analysis of every target.
     */
    static TargetRules rules(TargetDefinition definition) {
        Duration ttl = definition.getCheck() instanceof HeartbeatCheck heartbeat
                ? positive(heartbeat.getTtlMs()) : null;
        Schedule schedule = definition.getSchedule();
        CircuitBreakerSettings circuit = definition.getCircuitBreaker();
        return TargetRules.resolve(definition.getQuorum(), atLeastOne(definition.getFailureThreshold()),
                atLeastOne(definition.getSuccessThreshold()),
                definition.getStaleAfterMs() == null ? null : positive(definition.getStaleAfterMs()),
                positive(schedule.getIntervalMs()), positive(schedule.getTimeoutMs()), ttl,
                new CircuitBreakerConfig(Math.max(1, circuit.getFailureThreshold()),
                        Math.max(1, circuit.getSuccessThreshold()), positive(circuit.getRecoveryTimeoutMs()),
                        Math.max(1, circuit.getMaxTestRequests())),
                definition.getDependsOn(), definition.getEnabled());
    }

    static Observation observation(CheckResult result) {
        return new Observation(result.getRegion(), result.getOutcome(), result.getFailureKind(), result.getMessage(),
                result.getStartedAt(), result.getExitCode(), result.getProberId());
    }

    static TargetStatus status(TargetAnalysis analysis, TargetDefinition definition) {
        return TargetStatus.newBuilder()
                .setTargetId(analysis.targetId())
                .setState(analysis.state())
                .setSince(analysis.since())
                .setUpdatedAt(analysis.clock())
                .setGroup(definition.getGroup())
                .setCritical(definition.getCritical())
                .setRegions(analysis.regions().values().stream().map(MonitorTranslation::regionStatus).toList())
                .setOpenIncidentId(analysis.openIncidentId())
                .setRootCause(analysis.rootCause())
                .setCircuit(new CircuitStatus(analysis.circuit().state(), analysis.circuit().since(),
                        analysis.circuit().consecutiveFailures(), analysis.circuit().consecutiveSuccesses(),
                        definition.getCircuitBreaker().getMaxTestRequests()))
                .build();
    }

    private static RegionStatus regionStatus(RegionVote vote) {
        return new RegionStatus(vote.region(), vote.reported(), vote.consecutiveFailures(),
                vote.consecutiveSuccesses(), vote.lastResultAt(), vote.lastFailureKind(), vote.lastMessage());
    }

    static HealthEvent event(TargetEvent event) {
        return HealthEvent.newBuilder()
                .setEventId(event.eventId())
                .setType(event.type())
                .setSubject(event.targetId())
                .setPeriodId(event.periodId())
                .setOccurredAt(event.occurredAt())
                .setState(event.state())
                .setCircuitState(event.circuitState())
                .setGroupState(null)
                .setCloseReason(event.closeReason())
                .setDurationMs(event.duration() == null ? null : event.duration().toMillis())
                .setFailureKind(event.failureKind())
                .setMessage(event.message())
                .setRootCause(event.rootCause())
                .setSuppressed(event.suppressed())
                .build();
    }

    private static Integer atLeastOne(Integer value) {
        return value == null ? null : Math.max(1, value);
    }

    private static Duration positive(long millis) {
        return Duration.ofMillis(Math.max(1, millis));
    }
}

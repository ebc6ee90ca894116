package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.Period;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.monitor.TargetAnalysis;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.analyzer.store.StoredCircuit;
import dev.healthmon.analyzer.store.StoredPeriod;
import dev.healthmon.analyzer.store.StoredRegion;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** A {@link TargetAnalysis} as the state store keeps it, and back. */
final class StoredAnalysisTranslation {

    private StoredAnalysisTranslation() {
    }

    static StoredAnalysis toStored(TargetAnalysis analysis) {
        return StoredAnalysis.newBuilder()
                .setTargetId(analysis.targetId())
                .setIncarnation(analysis.incarnation())
                .setNextSequence(analysis.nextSequence())
                .setClock(analysis.clock())
                .setState(analysis.state().name())
                .setSince(analysis.since())
                .setAdminPaused(analysis.adminPaused())
                .setProcessPaused(analysis.processPaused())
                .setRegions(analysis.regions().values().stream().map(region -> new StoredRegion(region.region(),
                        region.decided().name(), region.stale(), region.consecutiveFailures(),
                        region.consecutiveSuccesses(), region.lastResultAt(),
                        region.lastFailureKind() == null ? null : region.lastFailureKind().name(),
                        region.lastMessage(), region.lastProberId())).toList())
                .setCircuit(new StoredCircuit(analysis.circuit().state().name(), analysis.circuit().since(),
                        analysis.circuit().consecutiveFailures(), analysis.circuit().consecutiveSuccesses()))
                .setPeriods(analysis.periods().open().entrySet().stream().map(open -> new StoredPeriod(
                        open.getKey().name(), open.getValue().periodId(), open.getValue().openedAt(),
                        open.getValue().rootCause())).toList())
                .build();
    }

    static TargetAnalysis fromStored(StoredAnalysis stored) {
        Map<String, RegionVote> regions = new TreeMap<>();
        for (StoredRegion region : stored.getRegions()) {
            regions.put(region.getRegion(), new RegionVote(region.getRegion(), RegionState.valueOf(region.getDecided()),
                    region.getStale(), region.getConsecutiveFailures(), region.getConsecutiveSuccesses(),
                    region.getLastResultAt(),
                    region.getLastFailureKind() == null ? null : FailureKind.valueOf(region.getLastFailureKind()),
                    region.getLastMessage(), region.getLastProberId()));
        }
        Map<PeriodKind, Period> periods = new EnumMap<>(PeriodKind.class);
        for (StoredPeriod period : stored.getPeriods()) {
            periods.put(PeriodKind.valueOf(period.getKind()),
                    new Period(period.getPeriodId(), period.getOpenedAt(), period.getRootCause()));
        }
        StoredCircuit circuit = stored.getCircuit();
        return new TargetAnalysis(stored.getTargetId(), stored.getIncarnation(), stored.getNextSequence(),
                stored.getClock(), TargetState.valueOf(stored.getState()), stored.getSince(), stored.getAdminPaused(),
                stored.getProcessPaused(), regions,
                new CircuitBreaker(CircuitState.valueOf(circuit.getState()), circuit.getSince(),
                        circuit.getConsecutiveFailures(), circuit.getConsecutiveSuccesses()),
                new PeriodTracker(periods));
    }
}

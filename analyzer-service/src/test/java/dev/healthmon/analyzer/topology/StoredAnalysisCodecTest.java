package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.Period;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.analyzer.target.TargetAnalysis;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.serde.AvroSerde;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredAnalysisCodecTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void anAnalysisSurvivesTheStoreUnchanged() {
        TargetAnalysis analysis = new TargetAnalysis("checkout", T0.toEpochMilli(), 7, T0.plusSeconds(90),
                TargetState.DOWN, T0.plusSeconds(30), false, true,
                Map.of("eu", new RegionVote("eu", RegionState.DOWN, false, 3, 0, T0.plusSeconds(90),
                                FailureKind.TIMEOUT, "timed out"),
                        "us", new RegionVote("us", RegionState.UP, true, 0, 4, T0, null, null)),
                new CircuitBreaker(CircuitState.HALF_OPEN, T0.plusSeconds(60), 0, 2),
                PeriodTracker.NONE.opened(PeriodKind.INCIDENT, new Period("checkout:1:3", T0.plusSeconds(30), "db"))
                        .opened(PeriodKind.CIRCUIT, new Period("checkout:1:4", T0.plusSeconds(40), null)));
        AvroSerde<StoredAnalysis> serde = AvroSerde.of(StoredAnalysis.class);
        byte[] bytes = serde.serialize("changelog", StoredAnalysisCodec.toStored(analysis));
        assertThat(StoredAnalysisCodec.fromStored(serde.deserialize("changelog", bytes))).isEqualTo(analysis);
    }
}

package dev.healthmon.analyzer.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeriodTrackerTest {

    private static final Period PERIOD = new Period("t:1:0", Instant.parse("2026-11-21T10:00:00Z"), null);

    @Test
    void opensAndClosesOnePeriodPerKind() {
        PeriodTracker tracker = PeriodTracker.NONE.opened(PeriodKind.INCIDENT, PERIOD);
        assertThat(tracker.get(PeriodKind.INCIDENT)).contains(PERIOD);
        assertThat(tracker.isOpen(PeriodKind.CIRCUIT)).isFalse();
        assertThat(tracker.closed(PeriodKind.INCIDENT)).isEqualTo(PeriodTracker.NONE);
    }

    @Test
    void refusesASecondOpenPeriodOfAKind() {
        PeriodTracker tracker = PeriodTracker.NONE.opened(PeriodKind.INCIDENT, PERIOD);
        assertThatThrownBy(() -> tracker.opened(PeriodKind.INCIDENT, PERIOD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToCloseWhatIsNotOpen() {
        assertThatThrownBy(() -> PeriodTracker.NONE.closed(PeriodKind.NO_DATA))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anIncidentOpensOnDownAndClosesOnlyOnRecovery() {
        assertThat(PeriodKind.INCIDENT.opensOn(TargetState.DOWN)).isTrue();
        assertThat(PeriodKind.INCIDENT.closesOn(TargetState.UP)).contains(CloseReason.RECOVERED);
        assertThat(PeriodKind.INCIDENT.closesOn(TargetState.DEGRADED)).contains(CloseReason.RECOVERED);
        assertThat(PeriodKind.INCIDENT.closesOn(TargetState.NO_DATA)).isEmpty();
        assertThat(PeriodKind.INCIDENT.closesOn(TargetState.UNKNOWN)).isEmpty();
    }

    @Test
    void aDegradationEndsWithTheDegradedState() {
        assertThat(PeriodKind.DEGRADATION.opensOn(TargetState.DEGRADED)).isTrue();
        assertThat(PeriodKind.DEGRADATION.closesOn(TargetState.UP)).contains(CloseReason.RECOVERED);
        assertThat(PeriodKind.DEGRADATION.closesOn(TargetState.DOWN)).contains(CloseReason.STATE_CHANGED);
        assertThat(PeriodKind.DEGRADATION.closesOn(TargetState.DEGRADED)).isEmpty();
    }

    @Test
    void noDataEndsWhenAnyDataResumes() {
        assertThat(PeriodKind.NO_DATA.opensOn(TargetState.NO_DATA)).isTrue();
        assertThat(PeriodKind.NO_DATA.closesOn(TargetState.DOWN)).contains(CloseReason.RECOVERED);
        assertThat(PeriodKind.NO_DATA.closesOn(TargetState.NO_DATA)).isEmpty();
    }
}

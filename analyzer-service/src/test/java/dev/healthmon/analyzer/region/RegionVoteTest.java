package dev.healthmon.analyzer.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.RegionState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegionVoteTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final RegionThresholds THREE_DOWN_TWO_UP = new RegionThresholds(3, 2);

    private static RegionResult up(int second) {
        return new RegionResult(Outcome.UP, null, "ok", T0.plusSeconds(second), "eu-1");
    }

    private static RegionResult down(int second) {
        return new RegionResult(Outcome.DOWN, FailureKind.TIMEOUT, "timed out", T0.plusSeconds(second), "eu-1");
    }

    /** A region in the given decided state, last result at second 10. */
    private static RegionVote inState(RegionState state) {
        return new RegionVote("eu", state, false, 0, 0, T0.plusSeconds(10), null, null, "eu-1");
    }

    @Test
    void theRegionRemembersTheProberOfItsLastResultAndAMissedHeartbeatNamesNone() {
        RegionVote vote = RegionVote.first("eu", up(1), THREE_DOWN_TWO_UP);
        assertThat(vote.lastProberId()).isEqualTo("eu-1");
        vote = vote.apply(new RegionResult(Outcome.UP, null, "ok", T0.plusSeconds(2), "eu-2"), THREE_DOWN_TWO_UP);
        assertThat(vote.lastProberId()).isEqualTo("eu-2");
        vote = vote.apply(new RegionResult(Outcome.DOWN, FailureKind.MISSED_HEARTBEAT, "missed", T0.plusSeconds(3),
                null), THREE_DOWN_TWO_UP);
        assertThat(vote.lastProberId()).isEqualTo("eu-2");
        assertThat(vote.apply(new RegionResult(Outcome.UP, null, "late", T0, "eu-3"), THREE_DOWN_TWO_UP)
                .lastProberId()).as("a late result changes nothing").isEqualTo("eu-2");
    }

    @Test
    void startsUnknownWithItsFirstResult() {
        RegionVote vote = RegionVote.first("eu", down(0), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(RegionState.UNKNOWN);
        assertThat(vote.consecutiveFailures()).isEqualTo(1);
        assertThat(vote.lastResultAt()).isEqualTo(T0);
        assertThat(vote.lastFailureKind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(vote.votes()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = RegionState.class, names = {"UNKNOWN", "UP", "DOWN"})
    void becomesDownAfterFailureThresholdFromAnyState(RegionState from) {
        RegionVote vote = inState(from).apply(down(11), THREE_DOWN_TWO_UP).apply(down(12), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(from);
        vote = vote.apply(down(13), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(RegionState.DOWN);
        assertThat(vote.consecutiveFailures()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = RegionState.class, names = {"UNKNOWN", "UP", "DOWN"})
    void becomesUpAfterSuccessThresholdFromAnyState(RegionState from) {
        RegionVote vote = inState(from).apply(up(11), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(from);
        vote = vote.apply(up(12), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(RegionState.UP);
        assertThat(vote.lastFailureKind()).isNull();
    }

    @Test
    void aSuccessBreaksARunOfFailures() {
        RegionVote vote = inState(RegionState.UP).apply(down(11), THREE_DOWN_TWO_UP).apply(down(12),
                THREE_DOWN_TWO_UP).apply(up(13), THREE_DOWN_TWO_UP).apply(down(14), THREE_DOWN_TWO_UP);
        assertThat(vote.decided()).isEqualTo(RegionState.UP);
        assertThat(vote.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void ignoresAResultOlderThanTheLastApplied() {
        RegionVote vote = inState(RegionState.UP).apply(down(20), new RegionThresholds(1, 1));
        RegionVote late = vote.apply(up(15), new RegionThresholds(1, 1));
        assertThat(late).isEqualTo(vote);
        assertThat(late.decided()).isEqualTo(RegionState.DOWN);
    }

    @Test
    void appliesAResultStartedAtTheSameInstant() {
        RegionVote vote = inState(RegionState.UP).apply(down(10), new RegionThresholds(1, 1));
        assertThat(vote.decided()).isEqualTo(RegionState.DOWN);
    }

    @Test
    void staleLeavesTheVoteAndReportingAgainKeepsCounting() {
        RegionVote vote = inState(RegionState.UP).apply(down(11), THREE_DOWN_TWO_UP).apply(down(12),
                THREE_DOWN_TWO_UP);
        assertThat(vote.staleAt(Duration.ofSeconds(65))).isEqualTo(T0.plusSeconds(77));
        RegionVote stale = vote.markedStale();
        assertThat(stale.votes()).isFalse();
        assertThat(stale.reported()).isEqualTo(RegionState.STALE);
        assertThat(stale.decided()).isEqualTo(RegionState.UP);
        RegionVote back = stale.apply(down(200), THREE_DOWN_TWO_UP);
        assertThat(back.stale()).isFalse();
        assertThat(back.reported()).isEqualTo(RegionState.DOWN);
    }

    @Test
    void staleIsNotADecidedState() {
        assertThatThrownBy(() -> inState(RegionState.STALE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thresholdsAreAtLeastOne() {
        assertThatThrownBy(() -> new RegionThresholds(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionThresholds(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

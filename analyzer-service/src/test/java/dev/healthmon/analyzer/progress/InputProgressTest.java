package dev.healthmon.analyzer.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputProgressTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final Duration LATE_RESULT_WINDOW = Duration.ofMinutes(5);
    private static final Instant NOW = T.plusSeconds(3_600);

    private static InputProgress behind(Map<String, Instant> probers) {
        return new InputProgress(NOW, probers, Optional.empty(), LATE_RESULT_WINDOW);
    }

    private static InputProgress caughtUp(Map<String, Instant> probers, CaughtUp run) {
        return new InputProgress(NOW, probers, Optional.of(run), LATE_RESULT_WINDOW);
    }

    @Test
    void behindItsInputATaskJudgesEachRegionByTheProgressOfTheProberThatLastReportedIt() {
        InputProgress progress = behind(Map.of("eu-1", T.plusSeconds(40), "us-1", T.plusSeconds(10)));
        assertThat(progress.judgedAt(List.of("eu-1"), SILENCE)).contains(T.plusSeconds(40));
        // A prober whose buffer has not been flushed yet holds back the regions it reported.
        assertThat(progress.judgedAt(List.of("eu-1", "us-1"), SILENCE)).contains(T.plusSeconds(10));
    }

    @Test
    void aProberNotHeardFromSinceTheTaskStartedOrNotKnownShowsNoTimePassing() {
        InputProgress progress = behind(Map.of("eu-1", T));
        assertThat(progress.judgedAt(List.of("eu-1", "ap-1"), SILENCE)).isEmpty();
        assertThat(progress.judgedAt(Arrays.asList("eu-1", null), SILENCE)).isEmpty();
        assertThat(progress.judgedAt(List.of(), SILENCE)).isEmpty();
    }

    @Test
    void caughtUpForLessThanTheSilenceJudgedItStillJudgesByTheProbers() {
        CaughtUp briefly = new CaughtUp(T.plusSeconds(100), T.plusSeconds(129));
        assertThat(caughtUp(Map.of("eu-1", T), briefly).judgedAt(List.of("eu-1"), SILENCE)).contains(T);
    }

    @Test
    void caughtUpForAtLeastTheSilenceJudgedTheLatestCheckCounts() {
        CaughtUp longEnough = new CaughtUp(T.plusSeconds(100), T.plusSeconds(130));
        assertThat(caughtUp(Map.of("eu-1", T), longEnough).judgedAt(List.of("eu-1"), SILENCE))
                .contains(T.plusSeconds(130));
        // Also for a region whose prober is gone: only the wall clock can tell it is silent.
        assertThat(caughtUp(Map.of(), longEnough).judgedAt(List.of("gone-1"), SILENCE)).contains(T.plusSeconds(130));
        // A prober whose clock runs ahead moves nothing of anyone else's on.
        assertThat(caughtUp(Map.of("fast-1", T.plusSeconds(500)), longEnough).judgedAt(List.of("eu-1"), SILENCE))
                .contains(T.plusSeconds(130));
    }

    @Test
    void aLongSilenceNeedsTheTaskCaughtUpOnlyForTheLateResultWindow() {
        Duration day = Duration.ofDays(1);
        CaughtUp fiveMinutes = new CaughtUp(T, T.plus(LATE_RESULT_WINDOW));
        assertThat(caughtUp(Map.of(), fiveMinutes).judgedAt(List.of("push"), day)).contains(T.plus(LATE_RESULT_WINDOW));
        CaughtUp lessThanThat = new CaughtUp(T, T.plus(LATE_RESULT_WINDOW).minusMillis(1));
        assertThat(caughtUp(Map.of(), lessThanThat).judgedAt(List.of("push"), day)).isEmpty();
    }

    @Test
    void theInputIsReadThroughTheLatestCheckOrTheSlowestProberAndNeverPastTheWallClock() {
        assertThat(behind(Map.of()).readThrough()).isEmpty();
        assertThat(behind(Map.of("eu-1", T.plusSeconds(40), "us-1", T.plusSeconds(10))).readThrough())
                .contains(T.plusSeconds(10));
        assertThat(behind(Map.of("fast-1", NOW.plusSeconds(60))).readThrough()).contains(NOW);
        assertThat(caughtUp(Map.of("eu-1", T), new CaughtUp(T.plusSeconds(100), T.plusSeconds(101))).readThrough())
                .contains(T.plusSeconds(101));
    }

    @Test
    void aRunOfChecksOnlyGrows() {
        CaughtUp run = new CaughtUp(T, T.plusSeconds(5));
        assertThat(run.through(T.plusSeconds(6))).isEqualTo(new CaughtUp(T, T.plusSeconds(6)));
        assertThat(run.through(T.plusSeconds(4))).isEqualTo(run);
        assertThatThrownBy(() -> new CaughtUp(T, T.minusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

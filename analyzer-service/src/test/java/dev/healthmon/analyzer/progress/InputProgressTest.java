package dev.healthmon.analyzer.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputProgressTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration SILENCE = Duration.ofSeconds(30);

    @Test
    void nothingReadAndNothingKnownShowsNoTimePassing() {
        assertThat(new InputProgress(Optional.empty(), Optional.empty()).judgedAt(SILENCE)).isEmpty();
    }

    @Test
    void behindItsInputTheTaskJudgesByTheResultsItHasRead() {
        assertThat(new InputProgress(Optional.of(T), Optional.empty()).judgedAt(SILENCE)).contains(T);
    }

    @Test
    void caughtUpForLessThanTheSilenceJudgedStillJudgesByTheResultsRead() {
        CaughtUp briefly = new CaughtUp(T.plusSeconds(100), T.plusSeconds(129));
        assertThat(new InputProgress(Optional.of(T), Optional.of(briefly)).judgedAt(SILENCE)).contains(T);
        assertThat(new InputProgress(Optional.empty(), Optional.of(briefly)).judgedAt(SILENCE)).isEmpty();
    }

    @Test
    void caughtUpForAtLeastTheSilenceJudgedTheLatestCheckCounts() {
        CaughtUp longEnough = new CaughtUp(T.plusSeconds(100), T.plusSeconds(130));
        assertThat(new InputProgress(Optional.of(T), Optional.of(longEnough)).judgedAt(SILENCE))
                .contains(T.plusSeconds(130));
        assertThat(new InputProgress(Optional.empty(), Optional.of(longEnough)).judgedAt(SILENCE))
                .contains(T.plusSeconds(130));
        // Results read since the check show later time still.
        assertThat(new InputProgress(Optional.of(T.plusSeconds(131)), Optional.of(longEnough)).judgedAt(SILENCE))
                .contains(T.plusSeconds(131));
    }

    @Test
    void aRunOfChecksOnlyGrows() {
        CaughtUp run = new CaughtUp(T, T.plusSeconds(5));
        assertThat(run.through(T.plusSeconds(6))).isEqualTo(new CaughtUp(T, T.plusSeconds(6)));
        assertThat(run.through(T.plusSeconds(4))).isEqualTo(run);
        assertThatThrownBy(() -> new CaughtUp(T, T.minusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.healthmon.analyzer.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.RegionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The decided state against a model: that of the last run of results which reached its threshold. */
class RegionVotePropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Property(tries = 500)
    void theDecidedStateIsThatOfTheLastRunThatReachedItsThreshold(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = -20, max = 30) Integer> offsets,
            @ForAll @Size(min = 60, max = 60) List<Boolean> outcomes,
            @ForAll @IntRange(min = 1, max = 4) int failureThreshold,
            @ForAll @IntRange(min = 1, max = 4) int successThreshold) {
        RegionThresholds thresholds = new RegionThresholds(failureThreshold, successThreshold);
        RegionVote vote = null;
        List<Boolean> applied = new ArrayList<>();
        Instant latest = null;
        Instant clock = T0;
        for (int i = 0; i < offsets.size(); i++) {
            // Negative offsets from a clock that only moves forward make late results.
            clock = clock.plusSeconds(Math.max(0, offsets.get(i)));
            Instant startedAt = clock.plusSeconds(Math.min(0, offsets.get(i)));
            boolean up = outcomes.get(i);
            RegionResult result = new RegionResult(up ? Outcome.UP : Outcome.DOWN, up ? null : FailureKind.DNS, null,
                    startedAt, "eu-1");
            vote = vote == null ? RegionVote.first("eu", result, thresholds) : vote.apply(result, thresholds);
            if (latest == null || !startedAt.isBefore(latest)) {
                applied.add(up);
                latest = startedAt;
            }
            assertThat(vote.decided()).isEqualTo(model(applied, failureThreshold, successThreshold));
            assertThat(vote.lastResultAt()).isEqualTo(latest);
        }
    }

    private static RegionState model(List<Boolean> applied, int failureThreshold, int successThreshold) {
        for (int end = applied.size(); end > 0; end--) {
            boolean up = applied.get(end - 1);
            int needed = up ? successThreshold : failureThreshold;
            if (end >= needed && applied.subList(end - needed, end).stream().allMatch(o -> o == up)) {
                return up ? RegionState.UP : RegionState.DOWN;
            }
        }
        return RegionState.UNKNOWN;
    }
}

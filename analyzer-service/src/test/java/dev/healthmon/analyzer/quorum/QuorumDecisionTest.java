package dev.healthmon.analyzer.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumDecisionTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** Regions from a compact spelling: U = UP, D = DOWN, ? = UNKNOWN, S = stale (was UP), s = stale (was DOWN). */
    private static List<RegionVote> regions(String spelling) {
        List<RegionVote> votes = new ArrayList<>();
        for (int i = 0; i < spelling.length(); i++) {
            char c = spelling.charAt(i);
            RegionState decided = switch (c) {
                case 'U', 'S' -> RegionState.UP;
                case 'D', 's' -> RegionState.DOWN;
                default -> RegionState.UNKNOWN;
            };
            votes.add(new RegionVote("r" + i, decided, c == 'S' || c == 's', 0, 0, T0, null, null, "prober-" + i));
        }
        return votes;
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
        // one region
        "ANY, U, UP", "ANY, D, DOWN", "MAJORITY, U, UP", "MAJORITY, D, DOWN", "ALL, U, UP", "ALL, D, DOWN",
        // two regions
        "ANY, UD, DOWN", "MAJORITY, UD, DEGRADED", "MAJORITY, DD, DOWN", "ALL, UD, DEGRADED", "ALL, DD, DOWN",
        "ANY, UU, UP", "MAJORITY, UU, UP", "ALL, UU, UP",
        // three regions, incl. the design's example: one DOWN is DEGRADED, two are DOWN
        "ANY, UUD, DOWN", "MAJORITY, UUD, DEGRADED", "MAJORITY, UDD, DOWN", "MAJORITY, DDD, DOWN",
        "ALL, UDD, DEGRADED", "ALL, DDD, DOWN", "MAJORITY, UUU, UP",
        // ... and if one of the two DOWN goes stale, one of two remaining is DEGRADED
        "MAJORITY, UDs, DEGRADED", "MAJORITY, Dss, DOWN", "ALL, UDs, DEGRADED", "ANY, USs, UP",
        // undecided regions do not vote
        "MAJORITY, ?D, DOWN", "MAJORITY, ?U, UP", "MAJORITY, ??, UNKNOWN", "ANY, ?, UNKNOWN",
        // every region that reported is stale
        "MAJORITY, S, NO_DATA", "ANY, Ss, NO_DATA", "ALL, sss, NO_DATA",
        // a fresh undecided region alongside stale ones: reporting, but nothing decided
        "MAJORITY, S?, UNKNOWN"
    })
    void decides(Quorum quorum, String spelling, TargetState expected) {
        assertThat(QuorumDecision.decide(quorum, regions(spelling))).isEqualTo(expected);
    }

    @Test
    void unknownBeforeAnyRegionReported() {
        assertThat(QuorumDecision.decide(Quorum.MAJORITY, List.of())).isEqualTo(TargetState.UNKNOWN);
    }

    @Test
    void requiredVotes() {
        assertThat(QuorumDecision.required(Quorum.ANY, 3)).isEqualTo(1);
        assertThat(QuorumDecision.required(Quorum.MAJORITY, 1)).isEqualTo(1);
        assertThat(QuorumDecision.required(Quorum.MAJORITY, 2)).isEqualTo(2);
        assertThat(QuorumDecision.required(Quorum.MAJORITY, 3)).isEqualTo(2);
        assertThat(QuorumDecision.required(Quorum.MAJORITY, 4)).isEqualTo(3);
        assertThat(QuorumDecision.required(Quorum.ALL, 3)).isEqualTo(3);
    }
}

package dev.healthmon.analyzer.quorum;

import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.util.Collection;

/** The target state the regions' votes add up to under a quorum rule (pausing is decided elsewhere). */
public final class QuorumDecision {

    private QuorumDecision() {
    }

    /**
     * {@code NO_DATA} when every region that ever reported is stale; {@code UNKNOWN} when no region votes (none
     * has decided yet, or only undecided ones are fresh); otherwise {@code DOWN} when the regions voting
     * {@code DOWN} reach the quorum, {@code DEGRADED} when some but fewer do, {@code UP} when none do.
     */
    public static TargetState decide(Quorum quorum, Collection<RegionVote> regions) {
        if (!regions.isEmpty() && regions.stream().allMatch(RegionVote::stale)) {
            return TargetState.NO_DATA;
        }
        int voters = 0;
        int down = 0;
        for (RegionVote region : regions) {
            if (region.votes()) {
                voters++;
                if (region.decided() == RegionState.DOWN) {
                    down++;
                }
            }
        }
        if (voters == 0) {
            return TargetState.UNKNOWN;
        }
        if (down == 0) {
            return TargetState.UP;
        }
        return down >= required(quorum, voters) ? TargetState.DOWN : TargetState.DEGRADED;
    }

    /** How many of {@code voters} regions must vote {@code DOWN} to make the target {@code DOWN}. */
    public static int required(Quorum quorum, int voters) {
        return switch (quorum) {
            case ANY -> 1;
            case MAJORITY -> voters / 2 + 1;
            case ALL -> voters;
        };
    }
}

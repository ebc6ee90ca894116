package dev.healthmon.analyzer.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.TargetState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupHealthTest {

    private static GroupHealth group(MemberState... members) {
        GroupHealth health = GroupHealth.empty("shop");
        for (MemberState member : members) {
            health = health.with(member);
        }
        return health;
    }

    @ParameterizedTest(name = "{0} member, critical={1}: {2}")
    @CsvSource({
        "UP,        false, HEALTHY",   "UP,        true, HEALTHY",
        "UNKNOWN,   false, HEALTHY",   "UNKNOWN,   true, HEALTHY",
        "PAUSED,    false, HEALTHY",   "PAUSED,    true, HEALTHY",
        "DEGRADED,  false, DEGRADED",  "DEGRADED,  true, DEGRADED",
        "DOWN,      false, DEGRADED",  "DOWN,      true, UNHEALTHY",
        "NO_DATA,   false, DEGRADED",  "NO_DATA,   true, UNHEALTHY"})
    void theCriticalMemberRule(TargetState state, boolean critical, GroupState expected) {
        GroupHealth health = group(new MemberState("a", TargetState.UP, true), new MemberState("b", state, critical));
        assertThat(health.state()).isEqualTo(expected);
    }

    @Test
    void anEmptyGroupIsHealthyWithoutAScore() {
        GroupHealth empty = GroupHealth.empty("shop");
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.state()).isEqualTo(GroupState.HEALTHY);
        assertThat(empty.score()).isEmpty();
    }

    @Test
    void theScoreCountsUpMembersOfTheCountedOnes() {
        GroupHealth health = group(new MemberState("a", TargetState.UP, false),
                new MemberState("b", TargetState.DOWN, false), new MemberState("c", TargetState.DEGRADED, false),
                new MemberState("d", TargetState.UP, false), new MemberState("e", TargetState.UNKNOWN, false),
                new MemberState("f", TargetState.PAUSED, false));
        assertThat(health.score()).hasValue(0.5);
        assertThat(health.membersByState()).containsExactlyInAnyOrderEntriesOf(Map.of(TargetState.UP, 2,
                TargetState.DOWN, 1, TargetState.DEGRADED, 1, TargetState.UNKNOWN, 1, TargetState.PAUSED, 1));
    }

    @Test
    void onlyUnknownAndPausedMembersGiveNoScore() {
        assertThat(group(new MemberState("a", TargetState.UNKNOWN, false),
                new MemberState("b", TargetState.PAUSED, true)).score()).isEmpty();
    }

    @Test
    void withReplacesAMemberAndWithoutRemovesIt() {
        GroupHealth health = group(new MemberState("a", TargetState.DOWN, true));
        assertThat(health.state()).isEqualTo(GroupState.UNHEALTHY);
        GroupHealth recovered = health.with(new MemberState("a", TargetState.UP, true));
        assertThat(recovered.members()).containsExactly(new MemberState("a", TargetState.UP, true));
        assertThat(recovered.state()).isEqualTo(GroupState.HEALTHY);
        assertThat(health.without("a").isEmpty()).isTrue();
        assertThat(health.without("zz")).isEqualTo(health);
        assertThat(health.state()).as("immutable").isEqualTo(GroupState.UNHEALTHY);
    }

    @Test
    void membersAreOrderedByTargetId() {
        assertThat(group(new MemberState("c", TargetState.UP, false), new MemberState("a", TargetState.UP, false))
                .members()).extracting(MemberState::targetId).containsExactly("a", "c");
    }
}

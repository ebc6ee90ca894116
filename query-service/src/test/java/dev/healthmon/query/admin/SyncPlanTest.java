package dev.healthmon.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.query.publish.TargetPublisher.TargetWrite;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncPlanTest {

    private static TargetDefinition target(String id, long ttlMs, Map<String, String> labels) {
        return TargetDefinition.newBuilder().setId(id).setName(id).setLabels(labels)
                .setSchedule(new Schedule(ttlMs, ttlMs, 0L)).setCheck(new HeartbeatCheck(ttlMs)).build();
    }

    private static TargetDefinition managed(String id, long ttlMs, String owner) {
        return target(id, ttlMs, Map.of("managed-by", owner));
    }

    @Test
    void createsUpdatesKeepsAndDeletesWithinTheOwnersTargetsOnly() {
        List<TargetDefinition> current = List.of(managed("same", 1000, "team"), managed("changed", 1000, "team"),
                managed("gone", 1000, "team"), managed("other-owners", 1000, "other"), target("unmanaged", 1000,
                        Map.of()));
        List<TargetDefinition> desired = List.of(managed("new", 1000, "team"), managed("same", 1000, "team"),
                managed("changed", 2000, "team"), managed("unmanaged", 1000, "team"));

        SyncPlan plan = SyncPlan.between("team", desired, current);

        assertThat(plan.createdIds()).containsExactly("new");
        assertThat(plan.updatedIds()).containsExactly("changed", "unmanaged");
        assertThat(plan.unchanged()).containsExactly("same");
        assertThat(plan.deleted()).containsExactly("gone");
    }

    @Test
    void writesDeletionsFirstThenCreationsAndUpdates() {
        SyncPlan plan = SyncPlan.between("team", List.of(managed("b", 2000, "team"), managed("a", 1000, "team")),
                List.of(managed("b", 1000, "team"), managed("z", 1000, "team")));

        assertThat(plan.writes()).extracting(TargetWrite::id).containsExactly("z", "a", "b");
        assertThat(plan.writes().get(0).definition()).isNull();
    }

    @Test
    void anEmptyDocumentDeletesEveryTargetOfTheOwner() {
        SyncPlan plan = SyncPlan.between("team", List.of(),
                List.of(managed("a", 1000, "team"), managed("b", 1000, "other")));

        assertThat(plan.deleted()).containsExactly("a");
        assertThat(plan.writes()).hasSize(1);
    }
}

package dev.healthmon.analyzer.topology;

import static dev.healthmon.analyzer.topology.AnalyzerDriver.T0;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.http;
import static dev.healthmon.schemas.HealthEventType.GROUP_DEGRADED;
import static dev.healthmon.schemas.HealthEventType.GROUP_HEALTHY;
import static dev.healthmon.schemas.HealthEventType.GROUP_UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.GroupMember;
import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.TargetState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group health in the analyzer topology: members' states, moves between groups, deletions, paired events. */
class GroupTopologyTest {

    @TempDir
    Path stateDir;
    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver(stateDir);
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    private AnalyzerDriver member(String id, String group, boolean critical, long second) {
        return analyzer.define(http(id).setGroup(group).setCritical(critical).setFailureThreshold(1).build(), second);
    }

    private GroupStatus group(String name) {
        return analyzer.groups().get(name);
    }

    private List<HealthEvent> groupEvents() {
        return analyzer.events().stream().filter(e -> e.getGroupState() != null || e.getType() == GROUP_HEALTHY)
                .toList();
    }

    @Test
    void theGroupFollowsItsMembersAndPairsItsPeriods() {
        member("cart", "shop", true, 0);
        member("search", "shop", false, 0);
        assertThat(group("shop").getState()).isEqualTo(GroupState.HEALTHY);
        assertThat(group("shop").getScore()).as("only UNKNOWN members").isNull();
        assertThat(group("shop").getMembersByState()).isEqualTo(Map.of("UNKNOWN", 2));

        analyzer.up("cart", "eu", 1).up("search", "eu", 1);
        assertThat(group("shop").getScore()).isEqualTo(1.0);

        analyzer.down("search", "eu", 10);
        assertThat(group("shop").getState()).isEqualTo(GroupState.DEGRADED);
        assertThat(group("shop").getScore()).isEqualTo(0.5);
        assertThat(group("shop").getMembers()).containsExactly(new GroupMember("cart", TargetState.UP, true),
                new GroupMember("search", TargetState.DOWN, false));

        analyzer.down("cart", "eu", 20);
        assertThat(group("shop").getState()).isEqualTo(GroupState.UNHEALTHY);
        analyzer.up("cart", "eu", 30).up("search", "eu", 40);
        assertThat(group("shop").getState()).isEqualTo(GroupState.HEALTHY);
        assertThat(group("shop").getUpdatedAt()).isEqualTo(T0.plusSeconds(40));

        List<HealthEvent> events = groupEvents();
        assertThat(events).extracting(HealthEvent::getType).containsExactly(GROUP_DEGRADED, GROUP_HEALTHY,
                GROUP_UNHEALTHY, GROUP_HEALTHY, GROUP_DEGRADED, GROUP_HEALTHY);
        assertThat(events).extracting(HealthEvent::getSubject).containsOnly("shop");
        assertThat(events.get(0).getOccurredAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(events.get(1).getPeriodId()).isEqualTo(events.get(0).getEventId());
        assertThat(events.get(1).getCloseReason()).isEqualTo(CloseReason.STATE_CHANGED);
        assertThat(events.get(1).getGroupState()).isEqualTo(GroupState.UNHEALTHY);
        assertThat(events.get(3).getPeriodId()).isEqualTo(events.get(2).getEventId());
        assertThat(events.get(3).getCloseReason()).isEqualTo(CloseReason.STATE_CHANGED);
        assertThat(events.get(3).getGroupState()).as("cart up, search still down").isEqualTo(GroupState.DEGRADED);
        assertThat(events.get(5).getCloseReason()).isEqualTo(CloseReason.RECOVERED);
        assertThat(events.get(5).getDurationMs()).isEqualTo(10_000L);
        assertThat(events).extracting(HealthEvent::getEventId).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("group/shop/"));
    }

    @Test
    void groupEventsAreKeyedByGroupName() {
        member("cart", "shop", true, 0);
        analyzer.newEventRecords();
        analyzer.down("cart", "eu", 1);
        assertThat(analyzer.newEventRecords()).filteredOn(r -> r.value().getType() == GROUP_UNHEALTHY)
                .extracting(TestRecord::key).containsExactly("shop");
    }

    @Test
    void movingATargetToAnotherGroupUpdatesBoth() {
        member("cart", "shop", false, 0);
        member("ledger", "billing", false, 0);
        analyzer.up("cart", "eu", 1).up("ledger", "eu", 1).down("cart", "eu", 5);
        assertThat(group("shop").getState()).isEqualTo(GroupState.DEGRADED);

        member("cart", "billing", true, 10);

        assertThat(group("shop")).as("its last member left").isNull();
        assertThat(group("billing").getState()).isEqualTo(GroupState.UNHEALTHY);
        assertThat(group("billing").getMembers()).extracting(GroupMember::getTargetId)
                .containsExactly("cart", "ledger");
        List<HealthEvent> events = groupEvents();
        assertThat(events).extracting(HealthEvent::getSubject, HealthEvent::getType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shop", GROUP_DEGRADED),
                org.assertj.core.groups.Tuple.tuple("shop", GROUP_HEALTHY),
                org.assertj.core.groups.Tuple.tuple("billing", GROUP_UNHEALTHY));
        assertThat(events.get(1).getCloseReason()).isEqualTo(CloseReason.DELETED);
    }

    @Test
    void aTargetLeavingEveryGroupLeavesItsGroup() {
        member("cart", "shop", false, 0);
        member("search", "shop", false, 0);
        analyzer.up("cart", "eu", 1).up("search", "eu", 1).down("search", "eu", 2);
        assertThat(group("shop").getState()).isEqualTo(GroupState.DEGRADED);

        analyzer.define(http("search").setFailureThreshold(1).build(), 5);

        assertThat(group("shop").getMembers()).extracting(GroupMember::getTargetId).containsExactly("cart");
        assertThat(group("shop").getState()).isEqualTo(GroupState.HEALTHY);
        assertThat(groupEvents()).extracting(HealthEvent::getType).containsExactly(GROUP_DEGRADED, GROUP_HEALTHY);
        assertThat(groupEvents().get(1).getCloseReason()).isEqualTo(CloseReason.RECOVERED);
    }

    @Test
    void deletingMembersUpdatesTheGroupAndTheLastOneRemovesIt() {
        member("cart", "shop", true, 0);
        member("search", "shop", false, 0);
        analyzer.up("cart", "eu", 1).down("search", "eu", 1);
        assertThat(group("shop").getState()).isEqualTo(GroupState.DEGRADED);

        analyzer.delete("search", 5);
        assertThat(group("shop").getState()).isEqualTo(GroupState.HEALTHY);
        assertThat(group("shop").getMembers()).extracting(GroupMember::getTargetId).containsExactly("cart");

        analyzer.down("cart", "eu", 6);
        assertThat(group("shop").getState()).isEqualTo(GroupState.UNHEALTHY);
        analyzer.delete("cart", 8);
        assertThat(analyzer.groups()).containsEntry("shop", null);

        List<HealthEvent> events = groupEvents();
        assertThat(events).extracting(HealthEvent::getType).containsExactly(GROUP_DEGRADED, GROUP_HEALTHY,
                GROUP_UNHEALTHY, GROUP_HEALTHY);
        assertThat(events.get(3).getCloseReason()).isEqualTo(CloseReason.DELETED);
        assertThat(events.get(3).getGroupState()).isNull();
        assertThat(events.get(3).getOccurredAt()).isEqualTo(T0.plusSeconds(8));
    }

    @Test
    void aReplayWithoutTicksPairsTheSameGroupEvents(@TempDir Path replayDir) {
        List<HealthEvent> live = script(analyzer);
        try (AnalyzerDriver replay = new AnalyzerDriver(replayDir, false)) {
            assertThat(script(replay)).isEqualTo(live);
        }
        assertThat(live).extracting(HealthEvent::getType).contains(GROUP_DEGRADED, GROUP_HEALTHY);
    }

    private static List<HealthEvent> script(AnalyzerDriver driver) {
        driver.define(http("cart").setGroup("shop").setFailureThreshold(1).build(), 0).down("cart", "eu", 1)
                .up("cart", "eu", 50);
        return driver.events();
    }
}

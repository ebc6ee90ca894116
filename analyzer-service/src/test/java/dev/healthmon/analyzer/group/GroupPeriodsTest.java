package dev.healthmon.analyzer.group;

import static dev.healthmon.schemas.HealthEventType.GROUP_DEGRADED;
import static dev.healthmon.schemas.HealthEventType.GROUP_HEALTHY;
import static dev.healthmon.schemas.HealthEventType.GROUP_UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.GroupState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GroupPeriodsTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aDegradationOpensAndARecoveryClosesWithTheSamePeriod() {
        GroupPeriods.Step opened = GroupPeriods.start("shop").onState(GroupState.DEGRADED, T0);
        assertThat(opened.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(GROUP_DEGRADED);
            assertThat(e.eventId()).isEqualTo("group/shop/1").isEqualTo(e.periodId());
            assertThat(e.groupState()).isEqualTo(GroupState.DEGRADED);
        });
        GroupPeriods.Step closed = opened.periods().onState(GroupState.HEALTHY, T0.plusSeconds(90));
        assertThat(closed.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(GROUP_HEALTHY);
            assertThat(e.eventId()).isEqualTo("group/shop/2");
            assertThat(e.periodId()).isEqualTo("group/shop/1");
            assertThat(e.closeReason()).isEqualTo(CloseReason.RECOVERED);
            assertThat(e.duration()).isEqualTo(Duration.ofSeconds(90));
        });
        assertThat(closed.periods().open()).isNull();
    }

    @Test
    void degradedToUnhealthyClosesTheDegradationFirstAndOpensAnUnhealthyPeriod() {
        GroupPeriods degraded = GroupPeriods.start("shop").onState(GroupState.DEGRADED, T0).periods();
        GroupPeriods.Step worse = degraded.onState(GroupState.UNHEALTHY, T0.plusSeconds(10));
        assertThat(worse.events()).extracting(GroupEvent::type).containsExactly(GROUP_HEALTHY, GROUP_UNHEALTHY);
        assertThat(worse.events().get(0).closeReason()).isEqualTo(CloseReason.STATE_CHANGED);
        assertThat(worse.events().get(0).groupState()).isEqualTo(GroupState.UNHEALTHY);
        assertThat(worse.periods().open().periodId()).isEqualTo(worse.events().get(1).eventId());
    }

    @Test
    void theSameStateAgainSendsNothing() {
        GroupPeriods unhealthy = GroupPeriods.start("shop").onState(GroupState.UNHEALTHY, T0).periods();
        assertThat(unhealthy.onState(GroupState.UNHEALTHY, T0.plusSeconds(1)).events()).isEmpty();
        assertThat(GroupPeriods.start("shop").onState(GroupState.HEALTHY, T0).events()).isEmpty();
    }

    @Test
    void anEmptiedGroupClosesItsPeriodAsDeletedAndNeverReusesAnId() {
        GroupPeriods unhealthy = GroupPeriods.start("shop").onState(GroupState.UNHEALTHY, T0).periods();
        GroupPeriods.Step emptied = unhealthy.onEmptied(T0.plusSeconds(5));
        assertThat(emptied.events()).singleElement().satisfies(e -> {
            assertThat(e.closeReason()).isEqualTo(CloseReason.DELETED);
            assertThat(e.groupState()).isNull();
        });
        assertThat(emptied.periods().onEmptied(T0.plusSeconds(6)).events()).isEmpty();
        assertThat(emptied.periods().onState(GroupState.DEGRADED, T0.plusSeconds(7)).events().get(0).eventId())
                .isEqualTo("group/shop/3");
    }

    @Property
    void everyPeriodOpensOnceAndClosesOnceWithItsOwnId(@ForAll @Size(max = 40) List<GroupState> states) {
        GroupPeriods periods = GroupPeriods.start("g");
        List<GroupEvent> events = new ArrayList<>();
        Instant at = T0;
        for (GroupState state : states) {
            at = at.plusSeconds(1);
            GroupPeriods.Step step = periods.onState(state, at);
            events.addAll(step.events());
            periods = step.periods();
        }
        events.addAll(periods.onEmptied(at.plusSeconds(1)).events());

        Map<String, Integer> openers = new HashMap<>();
        String open = null;
        for (GroupEvent event : events) {
            if (event.type() == GROUP_HEALTHY) {
                assertThat(event.periodId()).isEqualTo(open);
                open = null;
            } else {
                assertThat(open).as("one period open at a time").isNull();
                open = event.periodId();
                openers.merge(event.periodId(), 1, Integer::sum);
            }
        }
        assertThat(open).as("closed at the end").isNull();
        assertThat(openers.values()).allSatisfy(count -> assertThat(count).isEqualTo(1));
        assertThat(events).extracting(GroupEvent::eventId).doesNotHaveDuplicates();
    }
}

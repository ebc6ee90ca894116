package dev.healthmon.analyzer.group;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.HealthEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A group's periods of trouble, paired like a target's incidents: {@code GROUP_DEGRADED} or {@code GROUP_UNHEALTHY}
 * opens a period, {@code GROUP_HEALTHY} closes it with the same period id, and one period at most is open. A period
 * covers exactly one state: a move between {@code DEGRADED} and {@code UNHEALTHY} closes the open period with
 * {@code STATE_CHANGED} and opens one of the new state, closing event first. A group whose last member leaves
 * closes its period with {@code DELETED}.
 *
 * <p>Event ids are {@code group/<name>/<sequence>}: target ids never contain {@code /}, so they never collide with
 * a target's event ids; the sequence goes on after a group empties, so a group formed again never reuses an id.
 *
 * @param sequence the number of events this group has had
 * @param open the open period, or {@code null}
 */
public record GroupPeriods(String group, long sequence, OpenPeriod open) {

    /** The open period: its id (the opener's event id), its opener, and when it opened. */
    public record OpenPeriod(String periodId, HealthEventType opener, Instant openedAt) {
    }

    /** The periods after a change, and the events the change caused, in order. */
    public record Step(GroupPeriods periods, List<GroupEvent> events) {
    }

    public GroupPeriods {
        Objects.requireNonNull(group, "group");
    }

    public static GroupPeriods start(String group) {
        return new GroupPeriods(group, 0, null);
    }

    /** The group is now in {@code state}. */
    public Step onState(GroupState state, Instant at) {
        HealthEventType opener = switch (state) {
            case HEALTHY -> null;
            case DEGRADED -> HealthEventType.GROUP_DEGRADED;
            case UNHEALTHY -> HealthEventType.GROUP_UNHEALTHY;
        };
        if (open != null && open.opener() == opener) {
            return new Step(this, List.of());
        }
        List<GroupEvent> events = new ArrayList<>(2);
        GroupPeriods next = this;
        if (open != null) {
            next = next.close(state == GroupState.HEALTHY ? CloseReason.RECOVERED : CloseReason.STATE_CHANGED,
                    state, at, events);
        }
        if (opener != null) {
            next = next.openWith(opener, state, at, events);
        }
        return new Step(next, List.copyOf(events));
    }

    /** The group has no members left. */
    public Step onEmptied(Instant at) {
        if (open == null) {
            return new Step(this, List.of());
        }
        List<GroupEvent> events = new ArrayList<>(1);
        return new Step(close(CloseReason.DELETED, null, at, events), List.copyOf(events));
    }

    private GroupPeriods close(CloseReason reason, GroupState state, Instant at, List<GroupEvent> events) {
        String eventId = eventId(sequence + 1);
        // Members' clocks are their targets' own, so a change may carry an earlier time than the opener's.
        Duration duration = at.isBefore(open.openedAt()) ? Duration.ZERO : Duration.between(open.openedAt(), at);
        events.add(new GroupEvent(eventId, HealthEventType.GROUP_HEALTHY, group, open.periodId(), at, state, reason,
                duration));
        return new GroupPeriods(group, sequence + 1, null);
    }

    private GroupPeriods openWith(HealthEventType opener, GroupState state, Instant at, List<GroupEvent> events) {
        String eventId = eventId(sequence + 1);
        events.add(new GroupEvent(eventId, opener, group, eventId, at, state, null, null));
        return new GroupPeriods(group, sequence + 1, new OpenPeriod(eventId, opener, at));
    }

    private String eventId(long number) {
        return "group/" + group + "/" + number;
    }
}

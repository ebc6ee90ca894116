package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.group.GroupEvent;
import dev.healthmon.analyzer.group.GroupHealth;
import dev.healthmon.analyzer.group.GroupPeriods;
import dev.healthmon.analyzer.group.MemberState;
import dev.healthmon.analyzer.store.StoredGroupPeriods;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.TargetStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Group records ⇄ group domain: the aggregate and the published {@code GroupStatus}, the stored periods. */
final class GroupTranslation {

    private GroupTranslation() {
    }

    /** The aggregate of a group nobody has joined yet; the initializer knows no key, the adder names it. */
    static GroupStatus initial() {
        return status(GroupHealth.empty(""), Instant.EPOCH);
    }

    static GroupStatus status(GroupHealth health, Instant updatedAt) {
        Map<String, Integer> byState = new LinkedHashMap<>();
        health.membersByState().forEach((state, count) -> byState.put(state.name(), count));
        List<dev.healthmon.schemas.GroupMember> members = health.members().stream()
                .map(m -> new dev.healthmon.schemas.GroupMember(m.targetId(), m.state(), m.critical())).toList();
        return GroupStatus.newBuilder()
                .setGroup(health.group())
                .setState(health.state())
                .setScore(health.score().isPresent() ? health.score().getAsDouble() : null)
                .setMembersByState(byState)
                .setMembers(members)
                .setUpdatedAt(updatedAt)
                .build();
    }

    static GroupHealth health(String group, GroupStatus status) {
        GroupHealth health = GroupHealth.empty(group);
        for (dev.healthmon.schemas.GroupMember member : status.getMembers()) {
            health = health.with(new MemberState(member.getTargetId(), member.getState(), member.getCritical()));
        }
        return health;
    }

    static MemberState member(TargetStatus status) {
        return new MemberState(status.getTargetId(), status.getState(), status.getCritical());
    }

    static HealthEvent event(GroupEvent event) {
        return HealthEvent.newBuilder()
                .setEventId(event.eventId())
                .setType(event.type())
                .setSubject(event.group())
                .setPeriodId(event.periodId())
                .setOccurredAt(event.occurredAt())
                .setState(null)
                .setCircuitState(null)
                .setGroupState(event.groupState())
                .setCloseReason(event.closeReason())
                .setDurationMs(event.duration() == null ? null : event.duration().toMillis())
                .build();
    }

    static StoredGroupPeriods toStored(GroupPeriods periods) {
        GroupPeriods.OpenPeriod open = periods.open();
        return StoredGroupPeriods.newBuilder()
                .setGroup(periods.group())
                .setSequence(periods.sequence())
                .setOpenPeriodId(open == null ? null : open.periodId())
                .setOpenOpener(open == null ? null : open.opener().name())
                .setOpenOpenedAt(open == null ? null : open.openedAt())
                .build();
    }

    static GroupPeriods fromStored(StoredGroupPeriods stored) {
        GroupPeriods.OpenPeriod open = stored.getOpenPeriodId() == null ? null
                : new GroupPeriods.OpenPeriod(stored.getOpenPeriodId(),
                        HealthEventType.valueOf(stored.getOpenOpener()), stored.getOpenOpenedAt());
        return new GroupPeriods(stored.getGroup(), stored.getSequence(), open);
    }
}

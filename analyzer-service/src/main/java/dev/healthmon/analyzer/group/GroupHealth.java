package dev.healthmon.analyzer.group;

import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.TargetState;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The health of one group from its members (docs/design.md, "Groups"): {@code UNHEALTHY} when a critical member is
 * {@code DOWN} or {@code NO_DATA}; {@code DEGRADED} when any member is {@code DOWN}, {@code DEGRADED} or
 * {@code NO_DATA}; {@code HEALTHY} otherwise, an empty group included. Immutable; {@link #with} and
 * {@link #without} serve as the adder and subtractor of a table aggregation.
 */
public final class GroupHealth {

    private final String group;
    private final SortedMap<String, MemberState> members;

    private GroupHealth(String group, SortedMap<String, MemberState> members) {
        this.group = Objects.requireNonNull(group, "group");
        this.members = members;
    }

    public static GroupHealth empty(String group) {
        return new GroupHealth(group, Collections.emptySortedMap());
    }

    public String group() {
        return group;
    }

    /** The group with {@code member} in it, replacing an earlier entry of the same target. */
    public GroupHealth with(MemberState member) {
        SortedMap<String, MemberState> next = new TreeMap<>(members);
        next.put(member.targetId(), member);
        return new GroupHealth(group, Collections.unmodifiableSortedMap(next));
    }

    /** The group without the target; the same group if it was not a member. */
    public GroupHealth without(String targetId) {
        if (!members.containsKey(targetId)) {
            return this;
        }
        SortedMap<String, MemberState> next = new TreeMap<>(members);
        next.remove(targetId);
        return new GroupHealth(group, Collections.unmodifiableSortedMap(next));
    }

    /** The members, ordered by target id. */
    public Collection<MemberState> members() {
        return members.values();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public GroupState state() {
        boolean degraded = false;
        for (MemberState member : members.values()) {
            if (member.critical() && member.failing()) {
                return GroupState.UNHEALTHY;
            }
            degraded |= member.failing() || member.state() == TargetState.DEGRADED;
        }
        return degraded ? GroupState.DEGRADED : GroupState.HEALTHY;
    }

    /** Members {@code UP} / members counted; empty when no member is counted. */
    public OptionalDouble score() {
        long counted = members.values().stream().filter(MemberState::counted).count();
        if (counted == 0) {
            return OptionalDouble.empty();
        }
        long up = members.values().stream().filter(member -> member.state() == TargetState.UP).count();
        return OptionalDouble.of((double) up / counted);
    }

    /** How many members are in each state; states no member is in are absent. */
    public Map<TargetState, Integer> membersByState() {
        Map<TargetState, Integer> counts = new EnumMap<>(TargetState.class);
        members.values().forEach(member -> counts.merge(member.state(), 1, Integer::sum));
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupHealth other && group.equals(other.group) && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, members);
    }

    @Override
    public String toString() {
        return "GroupHealth[" + group + ", " + members.values() + "]";
    }
}

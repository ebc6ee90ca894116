package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.TopicCatalogue;
import java.util.List;
import java.util.Objects;

/**
 * What goes to the analyzer's own compacted topic of group memberships ({@link TopicCatalogue#groupMembers()}): per
 * target id, its status while it names a group, a tombstone once it names none or is deleted. The group aggregation is a table over
 * it rather than over {@code status} itself, because {@code status} already feeds the global status view and Kafka
 * Streams reads a topic from one source only; and it is written only when a target's group, criticality or state
 * changes, not on every result as {@code status} is.
 */
public final class GroupMembership {

    private GroupMembership() {
    }

    /** Whether what the groups see of a target differs between two of its statuses ({@code null}: none). */
    static boolean changed(TargetStatus before, TargetStatus after) {
        return !Objects.equals(member(before), member(after));
    }

    /** The membership record of a status: the status itself if it names a group, else a tombstone. */
    static TargetStatus membership(TargetStatus status) {
        return status == null || status.getGroup() == null ? null : status;
    }

    private static Object member(TargetStatus status) {
        TargetStatus membership = membership(status);
        return membership == null ? null
                : List.of(membership.getGroup(), membership.getState(), membership.getCritical());
    }
}

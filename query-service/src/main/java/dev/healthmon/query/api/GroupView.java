package dev.healthmon.query.api;

import dev.healthmon.schemas.GroupMember;
import dev.healthmon.schemas.GroupState;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The health of a group as the analyzer last published it. */
@Schema(name = "Group")
public record GroupView(String group, GroupState state,
        @Schema(nullable = true, description = "Members UP / members counted (UNKNOWN and PAUSED are not counted)")
        Double score,
        Map<TargetState, Integer> membersByState, List<Member> members, Instant updatedAt) {

    @Schema(name = "GroupMember")
    public record Member(String targetId, TargetState state, boolean critical) {
    }

    public static GroupView of(GroupStatus status) {
        Map<TargetState, Integer> byState = new TreeMap<>();
        status.getMembersByState().forEach((state, count) -> byState.put(TargetState.valueOf(state), count));
        return new GroupView(status.getGroup(), status.getState(), status.getScore(), byState,
                status.getMembers().stream().map(GroupView::member).toList(), status.getUpdatedAt());
    }

    private static Member member(GroupMember member) {
        return new Member(member.getTargetId(), member.getState(), member.getCritical());
    }
}

package dev.healthmon.analyzer.group;

import dev.healthmon.schemas.TargetState;
import java.util.Objects;

/** One target of a group: its state and whether the group depends on it. */
public record MemberState(String targetId, TargetState state, boolean critical) {

    public MemberState {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the member counts in the score: {@code UNKNOWN} and {@code PAUSED} members say nothing about it. */
    boolean counted() {
        return state != TargetState.UNKNOWN && state != TargetState.PAUSED;
    }

    boolean failing() {
        return state == TargetState.DOWN || state == TargetState.NO_DATA;
    }
}

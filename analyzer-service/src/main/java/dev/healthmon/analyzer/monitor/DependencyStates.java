package dev.healthmon.analyzer.monitor;

import dev.healthmon.schemas.TargetState;
import java.util.Optional;

/** The current state of other targets, as far as it is known, for dependency suppression. */
@FunctionalInterface
public interface DependencyStates {

    DependencyStates NONE = targetId -> Optional.empty();

    Optional<TargetState> stateOf(String targetId);
}

package dev.healthmon.contract;

import dev.healthmon.schemas.HealthEventType;

/** What a health event is about: one target, or a group (whose subject is the group's name). */
public enum HealthEventScope {
    TARGET,
    GROUP;

    // A switch without default: a new event type does not compile until it is given its scope here.
    public static HealthEventScope of(HealthEventType type) {
        return switch (type) {
            case TARGET_DOWN, TARGET_UP, TARGET_DEGRADED, TARGET_DEGRADED_CLEARED, NO_DATA, DATA_RESUMED,
                    CIRCUIT_OPENED, CIRCUIT_HALF_OPENED, CIRCUIT_REOPENED, CIRCUIT_CLOSED -> TARGET;
            case GROUP_DEGRADED, GROUP_UNHEALTHY, GROUP_HEALTHY -> GROUP;
        };
    }
}

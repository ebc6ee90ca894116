package dev.healthmon.uptime;

import dev.healthmon.schemas.TargetState;

/**
 * How time in a target state counts towards availability by time:
 * {@code available / (available + unavailable)}, excluded time counting in neither.
 */
public enum StateAvailability {
    /** {@code UP}, and {@code DEGRADED}: fewer regions than the quorum see it down, so by the target's own rule it is not down. */
    AVAILABLE,
    /** {@code DOWN}: the quorum of regions sees it down. */
    UNAVAILABLE,
    /**
     * {@code NO_DATA} (no region has reported recently, so nothing is known), {@code UNKNOWN} (no
     * region has decided yet) and {@code PAUSED} (monitoring is switched off on purpose).
     */
    EXCLUDED;

    public static StateAvailability of(TargetState state) {
        return switch (state) {
            case UP, DEGRADED -> AVAILABLE;
            case DOWN -> UNAVAILABLE;
            case NO_DATA, UNKNOWN, PAUSED -> EXCLUDED;
        };
    }
}

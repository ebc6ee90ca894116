package dev.healthmon.contract;

/**
 * What the exit code in a check result (a heartbeat pushed by a monitored process) means for its target: the query
 * service judges a pushed heartbeat's outcome by it, the analyzer pauses a target stopped on purpose.
 */
public enum ProcessExit {
    /** No exit code: an ordinary result or heartbeat. */
    NONE,
    /** 0, 137 (SIGKILL) or 143 (SIGTERM): stopped on purpose, so the target is paused rather than down. */
    STOPPED,
    /** Any other code: the process failed; the result is {@code DOWN} of kind {@code EXIT_CODE}. */
    FAILED;

    public static ProcessExit of(Integer exitCode) {
        if (exitCode == null) {
            return NONE;
        }
        return switch (exitCode) {
            case 0, 137, 143 -> STOPPED;
            default -> FAILED;
        };
    }
}

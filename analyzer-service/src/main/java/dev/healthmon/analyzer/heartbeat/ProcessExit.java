package dev.healthmon.analyzer.heartbeat;

/** What a pushed process exit code means for its target. */
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

package dev.healthmon.prober.check;

/**
 * Why the prober could not check a target, for a reason of its own: nothing about the target is known from such a
 * run, so no result is published for it (the target goes stale if it lasts), unlike a {@code FailureKind}, which
 * is the target's (or its network's) failure.
 */
public enum NotCheckedReason {
    /** The process or the system ran out of file descriptors (EMFILE, ENFILE). */
    NO_DESCRIPTOR,
    /** No local port was left for a new connection (EADDRNOTAVAIL). */
    NO_EPHEMERAL_PORT,
    /** The kernel or the JVM had no memory for the socket's buffers (ENOBUFS, ENOMEM, out of direct memory). */
    NO_BUFFER,
    /** The resolver had no query id left for a name server: too many of its queries were unanswered at once. */
    NO_DNS_QUERY_ID,
    /**
     * The prober was too busy to keep time (starved of CPU, a long pause): an attempt's deadline was noticed more
     * than a whole timeout late, so a timeout could be the prober's slowness rather than the target's.
     */
    OVERLOADED,
    /** The prober is stopping: what a check finds then may be the stop's doing. */
    SHUTTING_DOWN,
    /** A fault in the prober itself (a bug): reported, never blamed on the target. */
    INTERNAL_ERROR
}

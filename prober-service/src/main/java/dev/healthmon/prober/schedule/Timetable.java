package dev.healthmon.prober.schedule;

import java.nio.charset.StandardCharsets;

/**
 * When a target's runs are due. Each target has a phase within its interval derived from its id alone, so that
 * targets spread evenly over the interval, a target keeps its slot across restarts and instances, and the phase
 * is the same whichever instance probes it. Due times sit on that grid in epoch milliseconds: the next one is
 * always the previous one plus the interval, never computed from when the run actually started, so lateness does
 * not accumulate into drift.
 */
public final class Timetable {

    private Timetable() {
    }

    /** The target's offset within its interval, in [0, intervalMs). */
    public static long phase(String targetId, long intervalMs) {
        return Math.floorMod(mix(fnv1a(targetId)), intervalMs);
    }

    /** The first run after the target became known at {@code nowMs}: the first grid slot after the initial delay. */
    public static long firstDue(String targetId, long intervalMs, long initialDelayMs, long nowMs) {
        return slotAtOrAfter(nowMs + Math.max(0, initialDelayMs), phase(targetId, intervalMs), intervalMs);
    }

    /**
     * The run after the one due at {@code previousDueMs}. Normally one interval later; when the scheduler has
     * fallen more than a whole interval behind (a long pause), the slots already missed are skipped rather than
     * run in a burst.
     */
    public static Next next(long previousDueMs, long intervalMs, long nowMs) {
        long due = previousDueMs + intervalMs;
        if (due + intervalMs > nowMs) {
            return new Next(due, 0);
        }
        long missed = (nowMs - due) / intervalMs;
        return new Next(due + missed * intervalMs, missed);
    }

    /** The next due time, and how many slots before it were missed. */
    public record Next(long dueMs, long missedSlots) {
    }

    private static long slotAtOrAfter(long earliestMs, long phaseMs, long intervalMs) {
        long slotStart = earliestMs - Math.floorMod(earliestMs, intervalMs);
        long slot = slotStart + phaseMs;
        return slot >= earliestMs ? slot : slot + intervalMs;
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** A 64-bit finaliser (from SplitMix64), so that ids differing in one character land far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

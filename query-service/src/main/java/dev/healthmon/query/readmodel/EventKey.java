package dev.healthmon.query.readmodel;

import dev.healthmon.schemas.HealthEvent;
import java.time.Instant;

/**
 * The key of the {@link QueryTopology#EVENTS_STORE}: {@code <subject>/<occurredAt, epoch ms, 13 digits>/<eventId>}.
 * Subjects (target ids, group names) never contain {@code /} and the zero-padded time sorts as text, so one
 * subject's events form one contiguous key range in time order; the event id keeps events of the same millisecond
 * apart.
 */
public final class EventKey {

    private EventKey() {
    }

    public static String of(HealthEvent event) {
        return prefix(event.getSubject(), event.getOccurredAt()) + event.getEventId();
    }

    /** The smallest key of an event of {@code subject} at or after {@code from}. */
    public static String rangeStart(String subject, Instant from) {
        return prefix(subject, from);
    }

    /**
     * A key above every key of an event of {@code subject} before {@code to}: the prefix of {@code to} itself, which
     * sorts below the keys at {@code to} (they continue after it) and above all earlier ones.
     */
    public static String rangeEndExclusive(String subject, Instant to) {
        return prefix(subject, to);
    }

    /** When the event with this key occurred. */
    public static long occurredAtMillis(String key) {
        int timeStart = key.indexOf('/') + 1;
        return Long.parseLong(key, timeStart, timeStart + 13, 10);
    }

    private static String prefix(String subject, Instant at) {
        return String.format("%s/%013d/", subject, Math.max(0, at.toEpochMilli()));
    }
}

package dev.healthmon.uptime;

import dev.healthmon.contract.TargetIds;
import dev.healthmon.schemas.Granularity;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of an {@code uptime} record: {@code <targetId>/<granularity>/<bucket start, epoch ms, 13 digits>}, e.g.
 * {@code checkout-api/MINUTE/1763719200000}. Target ids never contain {@code /}, and the zero-padded start makes
 * the keys of one target and granularity sort by time, so a store range from {@link #rangeStart} to
 * {@link #rangeEnd} holds exactly one target's buckets of one granularity in time order. The record is
 * partitioned by {@link #targetId()} alone, so it lives with the rest of its target's state.
 */
public record UptimeKey(String targetId, BucketSpan span) {

    private static final Pattern FORMAT = Pattern.compile("(" + TargetIds.REGEX + ")/(MINUTE|HOUR)/(\\d{13})");

    public UptimeKey {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(span, "span");
    }

    public static UptimeKey parse(String key) {
        Matcher matcher = FORMAT.matcher(key);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not an uptime key: '" + key + "'");
        }
        return new UptimeKey(matcher.group(1), new BucketSpan(Granularity.valueOf(matcher.group(2)),
                Instant.ofEpochMilli(Long.parseLong(matcher.group(3)))));
    }

    /**
     * The target id of a key this class made, read without checking the rest: the partitioner of every uptime
     * record calls it. Target ids never contain {@code /}, so the first one ends the id.
     */
    public static String targetIdOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** The smallest key of a bucket of this target and granularity starting at or after {@code from}. */
    public static String rangeStart(String targetId, Granularity granularity, Instant from) {
        return format(targetId, granularity, Math.max(0, from.toEpochMilli()));
    }

    /** The largest key of a bucket of this target and granularity starting before {@code to}. */
    public static String rangeEnd(String targetId, Granularity granularity, Instant to) {
        return format(targetId, granularity, Math.max(0, to.toEpochMilli() - 1));
    }

    @Override
    public String toString() {
        return format(targetId, span.granularity(), span.start().toEpochMilli());
    }

    // Concatenation rather than String.format: the analyzer makes a key for every bucket it sends.
    private static String format(String targetId, Granularity granularity, long startMillis) {
        String digits = Long.toString(startMillis);
        return targetId + '/' + granularity + '/' + "0".repeat(Math.max(0, 13 - digits.length())) + digits;
    }
}

package dev.healthmon.uptime;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sum of any number of uptime buckets of one target, whatever their spans: counts by outcome and
 * failure kind, time in each state, latency sum and sketch. {@link #plus} is associative and
 * commutative with {@link #EMPTY} as identity, so buckets can be summed in any order and grouping.
 *
 * <p>Map keys that this build does not know (a newer writer's symbols) are read the way the Avro
 * enums read them: an unknown failure kind as {@code OTHER}, an unknown state as {@code UNKNOWN}.
 * The maps hold no zero entries, so equal totals are equal records.
 */
public record UptimeTotals(
        long checks,
        long up,
        long down,
        Map<FailureKind, Long> failuresByKind,
        Map<TargetState, Long> timeInStateMs,
        long latencySumMicros,
        long latencyCount,
        LatencySketch latency) {

    public static final UptimeTotals EMPTY =
            new UptimeTotals(0, 0, 0, Map.of(), Map.of(), 0, 0, LatencySketch.empty());

    public UptimeTotals {
        failuresByKind = withoutZeros(failuresByKind, FailureKind.class);
        timeInStateMs = withoutZeros(timeInStateMs, TargetState.class);
        Objects.requireNonNull(latency, "latency");
    }

    /** The totals of one bucket. */
    public static UptimeTotals of(UptimeBucket bucket) {
        return new UptimeTotals(
                bucket.getChecks(),
                bucket.getUp(),
                bucket.getDown(),
                bySymbol(bucket.getFailuresByKind(), FailureKind.class, FailureKind::valueOf, FailureKind.OTHER),
                bySymbol(bucket.getTimeInStateMs(), TargetState.class, TargetState::valueOf, TargetState.UNKNOWN),
                bucket.getLatencySumMicros(),
                bucket.getLatencyCount(),
                UptimeBuckets.sketch(bucket));
    }

    public UptimeTotals plus(UptimeTotals other) {
        return new UptimeTotals(
                Math.addExact(checks, other.checks),
                Math.addExact(up, other.up),
                Math.addExact(down, other.down),
                sum(failuresByKind, other.failuresByKind, FailureKind.class),
                sum(timeInStateMs, other.timeInStateMs, TargetState.class),
                Math.addExact(latencySumMicros, other.latencySumMicros),
                Math.addExact(latencyCount, other.latencyCount),
                latency.merge(other.latency));
    }

    /** Milliseconds spent in states of the given availability. */
    public long millis(StateAvailability availability) {
        return timeInStateMs.entrySet().stream()
                .filter(entry -> StateAvailability.of(entry.getKey()) == availability)
                .mapToLong(Map.Entry::getValue)
                .reduce(0, Math::addExact);
    }

    private static <K extends Enum<K>> Map<K, Long> bySymbol(
            Map<String, Long> counts, Class<K> type, Function<String, K> parse, K unknown) {
        Map<K, Long> bySymbol = new EnumMap<>(type);
        counts.forEach((symbol, count) -> bySymbol.merge(parseOr(parse, symbol, unknown), count, Math::addExact));
        return bySymbol;
    }

    private static <K> K parseOr(Function<String, K> parse, String symbol, K unknown) {
        try {
            return parse.apply(symbol);
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }

    private static <K extends Enum<K>> Map<K, Long> sum(Map<K, Long> a, Map<K, Long> b, Class<K> type) {
        Map<K, Long> sum = new EnumMap<>(type);
        sum.putAll(a);
        b.forEach((key, value) -> sum.merge(key, value, Math::addExact));
        return sum;
    }

    private static <K extends Enum<K>> Map<K, Long> withoutZeros(Map<K, Long> counts, Class<K> type) {
        Map<K, Long> copy = new EnumMap<>(type);
        counts.forEach((key, value) -> {
            if (value < 0) {
                throw new IllegalArgumentException("negative " + key + ": " + value);
            }
            if (value != 0) {
                copy.put(key, value);
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}

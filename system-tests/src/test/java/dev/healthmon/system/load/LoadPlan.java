package dev.healthmon.system.load;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The probers a {@link LoadGenerator} plays: each target checked from each region once per {@code interval}, the
 * checks of one interval spread evenly over it, as a fleet of real probers spreads them.
 */
public record LoadPlan(List<String> targets, List<String> regions, Duration interval) {

    /** The regions of a fleet that probes from three places. */
    public static final List<String> THREE_REGIONS = List.of("eu-west", "us-east", "ap-south");

    public LoadPlan {
        targets = List.copyOf(targets);
        regions = List.copyOf(regions);
        if (targets.isEmpty() || regions.isEmpty()) {
            throw new IllegalArgumentException("A load plan needs at least one target and one region");
        }
        if (targets.stream().distinct().count() != targets.size()) {
            throw new IllegalArgumentException("Target ids must be unique");
        }
        if (interval.compareTo(LoadGenerator.TICK) < 0 || interval.toMillis() % LoadGenerator.TICK.toMillis() != 0) {
            throw new IllegalArgumentException("The interval must be a multiple of " + LoadGenerator.TICK.toMillis()
                    + " ms, not " + interval);
        }
    }

    /** {@code count} targets named {@code <prefix>-0000}, {@code <prefix>-0001}, ... */
    public static LoadPlan of(String prefix, int count, List<String> regions, Duration interval) {
        return new LoadPlan(ids(prefix, count), regions, interval);
    }

    /** {@code count} target ids named {@code <prefix>-0000}, {@code <prefix>-0001}, ... (valid target ids). */
    public static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s-%04d", prefix, i)).toList();
    }

    /** The steady rate of the plan: targets × regions per interval. */
    public double resultsPerSecond() {
        return targets.size() * regions.size() * 1_000.0 / interval.toMillis();
    }
}

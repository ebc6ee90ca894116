package dev.healthmon.system.load;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The probers a {@link LoadGenerator} plays: each target checked from each of its regions once per {@code interval},
 * the checks of one interval spread evenly over it, as a fleet of real probers spreads them. A region has
 * {@code probersPerRegion} probers, each its own producer, sharing the region's targets as a region's consumer group
 * shares them. Every target is probed from every region, except those {@code onlyFrom} names a single region for.
 */
public record LoadPlan(List<String> targets, List<String> regions, Duration interval, Map<String, String> onlyFrom,
        int probersPerRegion) {

    /** The regions of a fleet that probes from three places. */
    public static final List<String> THREE_REGIONS = List.of("eu-west", "us-east", "ap-south");

    public LoadPlan {
        targets = List.copyOf(targets);
        regions = List.copyOf(regions);
        onlyFrom = Map.copyOf(onlyFrom);
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
        if (!targets.containsAll(onlyFrom.keySet()) || !regions.containsAll(onlyFrom.values())) {
            throw new IllegalArgumentException("Single-region targets must be targets of the plan, in its regions: "
                    + onlyFrom);
        }
        if (probersPerRegion < 1) {
            throw new IllegalArgumentException("A region needs at least one prober, not " + probersPerRegion);
        }
    }

    /** Every target probed from every region, by one prober per region. */
    public LoadPlan(List<String> targets, List<String> regions, Duration interval) {
        this(targets, regions, interval, Map.of(), 1);
    }

    /** {@code count} targets named {@code <prefix>-0000}, {@code <prefix>-0001}, ... */
    public static LoadPlan of(String prefix, int count, List<String> regions, Duration interval) {
        return new LoadPlan(ids(prefix, count), regions, interval);
    }

    /** {@code count} target ids named {@code <prefix>-0000}, {@code <prefix>-0001}, ... (valid target ids). */
    public static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s-%04d", prefix, i)).toList();
    }

    /** This plan, with {@code only} probed from {@code region} alone. */
    public LoadPlan probedOnlyFrom(Collection<String> only, String region) {
        Map<String, String> single = new HashMap<>(onlyFrom);
        only.forEach(target -> single.put(target, region));
        return new LoadPlan(targets, regions, interval, single, probersPerRegion);
    }

    /** This plan, with {@code count} probers in each region. */
    public LoadPlan withProbersPerRegion(int count) {
        return new LoadPlan(targets, regions, interval, onlyFrom, count);
    }

    /** The regions that probe {@code target}. */
    public List<String> regionsOf(String target) {
        String single = onlyFrom.get(target);
        return single == null ? regions : List.of(single);
    }

    /** The steady rate of the plan: every target's regions, once per interval. */
    public double resultsPerSecond() {
        return targets.stream().mapToInt(target -> regionsOf(target).size()).sum() * 1_000.0 / interval.toMillis();
    }
}

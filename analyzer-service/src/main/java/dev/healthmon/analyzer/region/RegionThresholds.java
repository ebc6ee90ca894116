package dev.healthmon.analyzer.region;

/** Consecutive results needed to make a region {@code DOWN} or {@code UP}. */
public record RegionThresholds(int failureThreshold, int successThreshold) {

    public RegionThresholds {
        if (failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("Thresholds must be at least 1, got failure=" + failureThreshold
                    + " success=" + successThreshold);
        }
    }
}

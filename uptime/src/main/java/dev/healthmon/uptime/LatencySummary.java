package dev.healthmon.uptime;

/**
 * Latency over a report's range, in microseconds. Count, mean, min and max are exact; the quantiles
 * are within {@link LatencySketch#RELATIVE_ACCURACY} of the exact lower-rank quantile.
 */
public record LatencySummary(
        long count, double meanMicros, double p50Micros, double p95Micros, double p99Micros, long minMicros,
        long maxMicros) {

    /** The summary of the latencies in {@code totals}; callers check that there is at least one. */
    static LatencySummary of(UptimeTotals totals) {
        LatencySketch sketch = totals.latency();
        return new LatencySummary(
                totals.latencyCount(),
                (double) totals.latencySumMicros() / totals.latencyCount(),
                sketch.quantile(0.50),
                sketch.quantile(0.95),
                sketch.quantile(0.99),
                sketch.min(),
                sketch.max());
    }
}

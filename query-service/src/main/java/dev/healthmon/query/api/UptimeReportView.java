package dev.healthmon.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.uptime.HealthReport;
import dev.healthmon.uptime.LatencySummary;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A target's health over a range, merged from its uptime buckets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "UptimeReport")
public record UptimeReportView(
        @Schema(description = "Start of the range covered, widened to whole buckets") Instant from,
        @Schema(description = "End of the range covered, exclusive") Instant to,
        long checks, long up, long down,
        @Schema(nullable = true, description = "up / checks; absent without any check") Double successRatio,
        @Schema(nullable = true, description = "Available / (available + unavailable) time; absent when no time "
                + "counts either way") Double availability,
        long availableMs, long unavailableMs, Map<TargetState, Long> timeInStateMs,
        @Schema(description = "Adds up to down") Map<FailureKind, Long> failuresByKind,
        @Schema(nullable = true, description = "Absent when no check in the range carried a latency") Latency latency) {

    /** Latency in milliseconds; count, mean, min and max exact, quantiles within 1 %. */
    @Schema(name = "Latency")
    public record Latency(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double minMs,
            double maxMs) {

        static Latency of(LatencySummary summary) {
            return new Latency(summary.count(), millis(summary.meanMicros()), millis(summary.p50Micros()),
                    millis(summary.p95Micros()), millis(summary.p99Micros()), millis((double) summary.minMicros()),
                    millis((double) summary.maxMicros()));
        }

        private static double millis(double micros) {
            return micros / 1000;
        }
    }

    public static UptimeReportView of(HealthReport report) {
        return new UptimeReportView(report.from(), report.to(), report.checks(), report.up(), report.down(),
                report.successRatio().isPresent() ? report.successRatio().getAsDouble() : null,
                report.availability().isPresent() ? report.availability().getAsDouble() : null,
                report.availableMs(), report.unavailableMs(), report.timeInStateMs(), report.failuresByKind(),
                report.latency().map(Latency::of).orElse(null));
    }
}

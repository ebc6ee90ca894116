package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.CheckResult;

/** What the analysis passes on to the uptime buckets: a result of a known target, or a change of its state. */
sealed interface UptimeInput permits UptimeInput.CountedResult, TargetStateChange {

    /** A result of a known target, to be counted at its start time. */
    record CountedResult(CheckResult result) implements UptimeInput {
    }
}

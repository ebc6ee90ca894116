package dev.healthmon.prober.check;

import dev.healthmon.schemas.CheckResult;

/** What one run of a target's check gives: a result to publish, or nothing, because the prober could not check. */
public sealed interface ProbeRun permits ProbeRun.Checked, ProbeRun.NotChecked {

    /** The target was checked; the result says what was found. */
    record Checked(CheckResult result) implements ProbeRun {
    }

    /** The prober could not check the target, for a reason of its own; {@code message} says what failed. */
    record NotChecked(NotCheckedReason reason, String message) implements ProbeRun {
    }
}

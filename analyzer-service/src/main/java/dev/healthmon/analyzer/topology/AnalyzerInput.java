package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.TargetDefinition;

/** A decoded record for the analysis: a target's definition changed, or one of its results arrived. */
sealed interface AnalyzerInput {

    /**
     * A target's definition changed.
     *
     * @param definition the new definition, or {@code null} when the target was deleted
     */
    record DefinitionChange(TargetDefinition definition) implements AnalyzerInput {
    }

    record ResultArrival(CheckResult result) implements AnalyzerInput {
    }
}

package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.progress.InputProgress;
import java.util.Optional;

/** Whether the analysis task of a partition has read everything written to its input, and since when. */
@FunctionalInterface
public interface InputCatchUp {

    /** Empty while the task of {@code partition} is behind its input, or while that cannot be told. */
    Optional<InputProgress.CaughtUp> of(int partition);
}

package dev.healthmon.analyzer.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far an analysis task has read its input, which is what silence is judged against: a monitor that is behind
 * (after a restart, a failover, a broker outage, or under overload) must not take the results it has not read yet
 * for silence.
 *
 * <p>While the task is behind, time has passed only as far as the results it has read show: the latest start time
 * among them, whichever target they are about ({@code streamTime}). The wall clock counts only once the task has
 * been caught up without a break for at least the silence being judged, so that results written late (a prober
 * flushing what it buffered while the broker was away) are read before their absence is held against anyone.
 *
 * @param streamTime the latest start time of a result the task has read, never after the wall clock; empty before
 *        the first
 * @param caughtUp since when, and up to which instant, the task has read everything written to its input; empty
 *        while it is behind or that is not known
 */
public record InputProgress(Optional<Instant> streamTime, Optional<CaughtUp> caughtUp) {

    /**
     * An unbroken run of checks that found everything written to the task's input read.
     *
     * @param since the first check of the run
     * @param through the latest check: everything written before it has been read
     */
    public record CaughtUp(Instant since, Instant through) {

        public CaughtUp {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(through, "through");
            if (through.isBefore(since)) {
                throw new IllegalArgumentException("Caught up through " + through + ", before " + since);
            }
        }

        /** The run extended by a later check that found the input read through {@code check}. */
        public CaughtUp through(Instant check) {
            return new CaughtUp(since, check.isAfter(through) ? check : through);
        }

        boolean lastedAtLeast(Duration span) {
            return !through.isBefore(since.plus(span));
        }
    }

    public InputProgress {
        Objects.requireNonNull(streamTime, "streamTime");
        Objects.requireNonNull(caughtUp, "caughtUp");
    }

    /**
     * The progress of a task at {@code wallClock}, whose latest result read started at {@code latestStart}: a prober
     * whose clock runs ahead must not make the task's other targets look silent, so that counts only up to the wall
     * clock.
     */
    public static InputProgress at(Instant wallClock, Optional<Instant> latestStart, Optional<CaughtUp> caughtUp) {
        return new InputProgress(latestStart.map(start -> start.isAfter(wallClock) ? wallClock : start), caughtUp);
    }

    /**
     * The instant up to which silence of {@code silence} or longer can be judged: the wall clock's check when the
     * task has been caught up for at least that long, else the stream time. Empty when nothing shows that any time
     * has passed.
     */
    public Optional<Instant> judgedAt(Duration silence) {
        Optional<Instant> checked = caughtUp.filter(run -> run.lastedAtLeast(silence)).map(CaughtUp::through);
        if (checked.isEmpty() || streamTime.isEmpty()) {
            return checked.isEmpty() ? streamTime : checked;
        }
        return Optional.of(streamTime.get().isAfter(checked.get()) ? streamTime.get() : checked.get());
    }

    /** The instant up to which the task's input is known to have been read. */
    public Optional<Instant> readThrough() {
        return judgedAt(Duration.ZERO);
    }
}

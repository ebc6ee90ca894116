package dev.healthmon.analyzer.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How far an analysis task has read its input, which is what silence is judged against: a monitor that is behind
 * (after a restart, a failover, a broker outage, or under overload) must not take the results it has not read yet
 * for silence.
 *
 * <p>While the task is behind, time has passed for a prober only as far as the results of it that the task has read
 * show: the latest start time among them, whichever target they are about. A region's silence is judged by the
 * progress of the prober that last reported it, since each prober writes its results in its own order and at its own
 * time (after a broker outage each flushes what it buffered when it reconnects), and a prober whose clock runs ahead
 * only ever moves its own regions on. The wall clock counts once the task has been caught up without a break for at
 * least the silence being judged, or for {@code lateResultWindow} if that is shorter: results written late are read
 * within that window, and a silence of days must not wait days after every restart.
 *
 * @param wallClock now
 * @param probers the latest start time of each prober's results the task has read
 * @param caughtUp since when, and up to which instant, the task has read everything written to its input; empty
 *        while it is behind or that is not known
 * @param lateResultWindow the longest a live prober's result may take to be written once the broker answers
 */
public record InputProgress(Instant wallClock, Map<String, Instant> probers, Optional<CaughtUp> caughtUp,
        Duration lateResultWindow) {

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
        Objects.requireNonNull(wallClock, "wallClock");
        probers = Map.copyOf(probers);
        Objects.requireNonNull(caughtUp, "caughtUp");
        Objects.requireNonNull(lateResultWindow, "lateResultWindow");
    }

    /**
     * The instant up to which a silence of {@code silence} or longer can be judged for what {@code reporters} (the
     * probers that last reported the regions concerned) said: the latest check once the task has been caught up long
     * enough, else the earliest progress among them. Empty when nothing shows that any time has passed: no reporter,
     * or one not known or not heard from since the task started.
     */
    public Optional<Instant> judgedAt(Collection<String> reporters, Duration silence) {
        Duration settle = silence.compareTo(lateResultWindow) < 0 ? silence : lateResultWindow;
        Optional<Instant> checked = caughtUp.filter(run -> run.lastedAtLeast(settle)).map(CaughtUp::through);
        if (checked.isPresent() || reporters.isEmpty()) {
            return checked;
        }
        Instant earliest = null;
        for (String reporter : reporters) {
            Instant reached = reporter == null ? null : probers.get(reporter);
            if (reached == null) {
                return Optional.empty();
            }
            earliest = earliest == null || reached.isBefore(earliest) ? reached : earliest;
        }
        return Optional.of(earliest);
    }

    /**
     * The instant up to which the task's input is known to have been read: the latest check while caught up, else
     * the earliest progress among the probers the task has heard of; never after the wall clock.
     */
    public Optional<Instant> readThrough() {
        Optional<Instant> read = caughtUp.map(CaughtUp::through)
                .or(() -> probers.values().stream().min(Instant::compareTo));
        return read.map(instant -> instant.isAfter(wallClock) ? wallClock : instant);
    }
}

package dev.healthmon.prober.health;

import dev.healthmon.prober.check.NotCheckedReason;
import dev.healthmon.prober.check.ProbeRun;
import dev.healthmon.prober.logging.BoundedRateLog;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.schemas.TargetDefinition;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runs the prober could not check, for a reason of its own (no descriptor, no port, no buffer, stopping): no
 * result is published for them, since nothing about the target is known. Each is counted by reason
 * ({@code healthmon_prober_runs_not_checked_total}), logged at most once a minute per reason with the count, and
 * keeps the prober not ready until {@code persistence} has passed without one.
 */
public final class OwnFailures {

    private static final Logger LOG = Logger.getLogger(OwnFailures.class);
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final ProberMetrics metrics;
    private final long persistenceNanos;
    private final Map<NotCheckedReason, BoundedRateLog> logs = new EnumMap<>(NotCheckedReason.class);
    private volatile NotCheckedReason lastReason;
    private volatile long lastNanos;

    public OwnFailures(ProberMetrics metrics, Duration persistence) {
        this.metrics = metrics;
        this.persistenceNanos = persistence.toNanos();
        for (NotCheckedReason reason : NotCheckedReason.values()) {
            logs.put(reason, new BoundedRateLog(LOG_INTERVAL));
        }
    }

    /** A run of {@code target} that checked nothing. */
    public void notChecked(TargetDefinition target, ProbeRun.NotChecked run) {
        NotCheckedReason reason = run.reason();
        metrics.notChecked(reason);
        lastReason = reason;
        lastNanos = System.nanoTime();
        long unlogged = logs.get(reason).occurred();
        if (unlogged > 0) {
            LOG.warnf("Could not check %d runs, no result published (%s: %s), the last one of target %s", unlogged,
                    reason, run.message(), target.getId());
        }
    }

    /** The reason of the last run not checked, while it is recent enough to keep the prober not ready. */
    public Optional<NotCheckedReason> persisting() {
        NotCheckedReason reason = lastReason;
        return reason != null && System.nanoTime() - lastNanos < persistenceNanos ? Optional.of(reason)
                : Optional.empty();
    }
}

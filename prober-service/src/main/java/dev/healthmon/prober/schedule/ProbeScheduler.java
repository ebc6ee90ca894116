package dev.healthmon.prober.schedule;

import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Runs each scheduled target's probe at the due times of its {@link Timetable}, publishing every result through
 * the given consumer. All state lives on one Vert.x context, so it needs no locks; callers on other threads are
 * handed over to it. The probes themselves run on {@code probeEventLoops} other event loops, a target always on
 * the same one, so that their network work uses every core while the timetable stays on one thread. A target never has two runs at once: a run that comes due while the previous one is still
 * in flight (or still waiting for a free slot) is skipped and counted. At most {@code maxInFlight} probes run at
 * once; the runs beyond wait, in due order, and their lag shows it.
 */
public final class ProbeScheduler {

    /** Runs a target's check once; the future never fails for a failed check, only for a target it cannot run. */
    @FunctionalInterface
    public interface Probe {
        Future<CheckResult> run(TargetDefinition target, Instant startedAt);
    }

    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);
    private static final long TICK_MS = 1_000;

    private final Vertx vertx;
    private final Context context;
    private final List<Context> probeContexts;
    private final Clock clock;
    private final Probe probe;
    private final Consumer<CheckResult> results;
    private final int maxInFlight;
    private final ProberMetrics metrics;

    // Confined to the context.
    private final Map<String, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private long tickTimer = -1;

    // Read by gauges and health checks from other threads.
    private volatile int inFlight;
    private volatile int scheduled;
    private volatile long lastTickNanos;
    private volatile boolean running;

    /** One scheduled target. */
    private static final class Slot {
        TargetDefinition target;
        long dueMs;
        long timerId = -1;
        boolean inFlight;
        boolean waiting;
        long waitingDueMs;

        Slot(TargetDefinition target) {
            this.target = target;
        }
    }

    public ProbeScheduler(Vertx vertx, Clock clock, Probe probe, Consumer<CheckResult> results, int maxInFlight,
            int probeEventLoops, ProberMetrics metrics) {
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        // Vert.x hands out new event-loop contexts round-robin over its event loops.
        this.probeContexts = IntStream.range(0, probeEventLoops)
                .mapToObj(i -> (Context) ((VertxInternal) vertx).createEventLoopContext()).toList();
        this.clock = clock;
        this.probe = probe;
        this.results = results;
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
        metrics.inFlight(() -> inFlight);
        metrics.assignedTargets(() -> scheduled);
    }

    public Future<Void> start() {
        return onContext(() -> {
            running = true;
            tick();
        });
    }

    /** Adds a target or replaces its definition; the next run uses the new one. */
    public Future<Void> schedule(TargetDefinition target) {
        return onContext(() -> {
            Slot slot = slots.get(target.getId());
            if (slot == null) {
                slot = new Slot(target);
                slots.put(target.getId(), slot);
                scheduled = slots.size();
                Schedule schedule = target.getSchedule();
                arm(slot, Timetable.firstDue(target.getId(), schedule.getIntervalMs(), schedule.getInitialDelayMs(),
                        clock.millis()));
                return;
            }
            long previousInterval = slot.target.getSchedule().getIntervalMs();
            slot.target = target;
            if (target.getSchedule().getIntervalMs() != previousInterval) {
                // A new interval is a new grid: the next run moves to this target's slot on it.
                vertx.cancelTimer(slot.timerId);
                arm(slot, Timetable.firstDue(target.getId(), target.getSchedule().getIntervalMs(), 0, clock.millis()));
            }
        });
    }

    /** Stops probing the targets: no run starts after the returned future completes, and no result of a run in
     * flight is published. */
    public Future<Void> unschedule(Collection<String> targetIds) {
        List<String> ids = List.copyOf(targetIds);
        return onContext(() -> ids.forEach(this::remove));
    }

    public Future<Void> unschedule(String targetId) {
        return unschedule(List.of(targetId));
    }

    public Future<Void> stop() {
        return onContext(() -> {
            running = false;
            vertx.cancelTimer(tickTimer);
            List.copyOf(slots.keySet()).forEach(this::remove);
        });
    }

    /** Live while started and its context keeps running its periodic tick. */
    public boolean isAlive() {
        return running && System.nanoTime() - lastTickNanos < 10 * TICK_MS * 1_000_000;
    }

    public int scheduledTargets() {
        return scheduled;
    }

    public int inFlight() {
        return inFlight;
    }

    private void tick() {
        lastTickNanos = System.nanoTime();
        if (running) {
            tickTimer = vertx.setTimer(TICK_MS, id -> tick());
        }
    }

    private void remove(String targetId) {
        Slot slot = slots.remove(targetId);
        if (slot != null) {
            vertx.cancelTimer(slot.timerId);
            if (slot.waiting) {
                waiting.remove(slot);
            }
            scheduled = slots.size();
        }
    }

    private void arm(Slot slot, long dueMs) {
        slot.dueMs = dueMs;
        slot.timerId = vertx.setTimer(Math.max(1, dueMs - clock.millis()), id -> due(slot));
    }

    private void due(Slot slot) {
        if (slots.get(slot.target.getId()) != slot) {
            return;
        }
        long dueMs = slot.dueMs;
        Timetable.Next next = Timetable.next(dueMs, slot.target.getSchedule().getIntervalMs(), clock.millis());
        arm(slot, next.dueMs());
        if (next.missedSlots() > 0) {
            metrics.skippedRuns(next.missedSlots());
        }
        if (slot.inFlight || slot.waiting) {
            metrics.skippedRuns(1);
            return;
        }
        if (inFlight >= maxInFlight) {
            slot.waiting = true;
            slot.waitingDueMs = dueMs;
            waiting.add(slot);
            return;
        }
        launch(slot, dueMs);
    }

    private void launch(Slot slot, long dueMs) {
        long startMs = clock.millis();
        metrics.scheduleLag(startMs - dueMs);
        slot.inFlight = true;
        inFlight++;
        TargetDefinition target = slot.target;
        Context probeContext = probeContexts.get(Math.floorMod(target.getId().hashCode(), probeContexts.size()));
        probeContext.runOnContext(v -> {
            Future<CheckResult> run;
            try {
                run = probe.run(target, Instant.ofEpochMilli(startMs));
            } catch (RuntimeException e) {
                run = Future.failedFuture(e);
            }
            run.onComplete(done -> runOnContext(() -> finished(slot, done.succeeded() ? done.result() : null,
                    done.cause())));
        });
    }

    private void finished(Slot slot, CheckResult result, Throwable error) {
        slot.inFlight = false;
        inFlight--;
        // A target removed or revoked while its run was in flight is no longer this instance's to report.
        if (slots.get(slot.target.getId()) == slot) {
            if (result != null) {
                metrics.probeCompleted(result);
                results.accept(result);
            } else {
                LOG.warnf("Cannot probe target %s: %s", slot.target.getId(), error.getMessage());
            }
        }
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            Slot next = waiting.poll();
            next.waiting = false;
            launch(next, next.waitingDueMs);
        }
    }

    private Future<Void> onContext(Runnable action) {
        Promise<Void> done = Promise.promise();
        runOnContext(() -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    private void runOnContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}

package dev.healthmon.prober.schedule;

import dev.healthmon.prober.check.NotCheckedReason;
import dev.healthmon.prober.check.ProbeRun;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs each scheduled target's probe at the due times of its {@link Timetable}, publishing every result through
 * the given consumer, and handing a run the prober could not check (for a reason of its own) to another, with no
 * result published. The targets are split over {@code probeEventLoops} lanes, a target always in the same one.
 * Each lane owns its targets' timetable and runs their probes on its own Vert.x event-loop context, so the lanes
 * use every core while a target's timer, probe and completion stay on one thread: no locks, and no hand-over
 * between threads per probe (each would cost a wake-up of the other event loop). A target never has two runs at
 * once: a run that comes due while the previous one is still in flight (or still waiting for a free slot) is
 * skipped and counted. At most {@code maxInFlight} probes run at once over all lanes; the runs beyond wait, in due
 * order within their lane, and their lag shows it.
 */
public final class ProbeScheduler {

    /** Runs a target's check once; the future never fails: a failed check is a {@code DOWN} result. */
    @FunctionalInterface
    public interface Probe {
        Future<ProbeRun> run(TargetDefinition target, Instant startedAt);
    }
    private static final long TICK_MS = 1_000;
    /**
     * Runs due within one such span start together, on one timer: an event loop then wakes up once for many
     * probes rather than once for each, which saves a system call or more per probe. It delays a run by less
     * than the span, and never starts one early.
     */
    private static final long BATCH_MS = 10;

    private final Vertx vertx;
    private final List<Lane> lanes;
    private final Clock clock;
    private final Probe probe;
    private final Consumer<CheckResult> results;
    private final BiConsumer<TargetDefinition, ProbeRun.NotChecked> notChecked;
    private final int maxInFlight;
    private final ProberMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;

    /** One scheduled target. */
    private static final class Slot {
        TargetDefinition target;
        long dueMs;
        /** When the batch holding the next run fires, or -1 while that run is being handled. */
        long batchMs = -1;
        boolean inFlight;
        boolean waiting;
        long waitingDueMs;
        // Marks a slot no longer scheduled (removed, revoked), so its batch and run in flight need no map lookup.
        boolean removed;

        Slot(TargetDefinition target) {
            this.target = target;
        }
    }

    /** The slots whose runs come due within one span, started by one timer. */
    private static final class Batch {
        final List<Slot> slots = new ArrayList<>();
        long timerId;
    }

    public ProbeScheduler(Vertx vertx, Clock clock, Probe probe, Consumer<CheckResult> results,
            BiConsumer<TargetDefinition, ProbeRun.NotChecked> notChecked, int maxInFlight, int probeEventLoops,
            ProberMetrics metrics) {
        this.vertx = vertx;
        // Vert.x hands out new event-loop contexts round-robin over its event loops.
        this.lanes = IntStream.range(0, probeEventLoops)
                .mapToObj(i -> new Lane(((VertxInternal) vertx).createEventLoopContext())).toList();
        this.clock = clock;
        this.probe = probe;
        this.results = results;
        this.notChecked = notChecked;
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
        metrics.inFlight(inFlight::get);
        metrics.assignedTargets(this::scheduledTargets);
    }

    public Future<Void> start() {
        running = true;
        return Future.all(lanes.stream().map(lane -> lane.onContext(lane::tick)).toList()).mapEmpty();
    }

    /** Adds a target or replaces its definition; the next run uses the new one. */
    public Future<Void> schedule(TargetDefinition target) {
        Lane lane = laneOf(target.getId());
        return lane.onContext(() -> lane.schedule(target));
    }

    /** Stops probing the targets: no run starts after the returned future completes, and no result of a run in
     * flight is published. */
    public Future<Void> unschedule(Collection<String> targetIds) {
        Map<Lane, List<String>> byLane = targetIds.stream().collect(Collectors.groupingBy(this::laneOf));
        return Future.all(byLane.entrySet().stream()
                .map(entry -> entry.getKey().onContext(() -> entry.getValue().forEach(entry.getKey()::remove)))
                .toList()).mapEmpty();
    }

    public Future<Void> unschedule(String targetId) {
        return unschedule(List.of(targetId));
    }

    public Future<Void> stop() {
        running = false;
        return Future.all(lanes.stream().map(lane -> lane.onContext(lane::stop)).toList()).mapEmpty();
    }

    /** Live while started and every lane's context keeps running its periodic tick. */
    public boolean isAlive() {
        long now = System.nanoTime();
        return running && lanes.stream().allMatch(lane -> now - lane.lastTickNanos < 10 * TICK_MS * 1_000_000);
    }

    public int scheduledTargets() {
        return lanes.stream().mapToInt(lane -> lane.scheduled).sum();
    }

    public int inFlight() {
        return inFlight.get();
    }

    private Lane laneOf(String targetId) {
        return lanes.get(Math.floorMod(targetId.hashCode(), lanes.size()));
    }

    /** Takes one of the {@code maxInFlight} places, if one is free. */
    private boolean tryStart() {
        int current;
        do {
            current = inFlight.get();
            if (current >= maxInFlight) {
                return false;
            }
        } while (!inFlight.compareAndSet(current, current + 1));
        return true;
    }

    /** The targets of one lane; everything but the volatile fields is confined to the lane's context. */
    private final class Lane {

        final ContextInternal context;
        final Map<String, Slot> slots = new HashMap<>();
        /** By the time they fire; a slot re-armed elsewhere or removed since stays in its old batch, skipped. */
        final Map<Long, Batch> batches = new HashMap<>();
        final ArrayDeque<Slot> waiting = new ArrayDeque<>();
        long tickTimer = -1;
        // Read from other threads: gauges, health checks, and lanes offering a freed place.
        volatile int scheduled;
        volatile long lastTickNanos;
        volatile boolean hasWaiting;

        Lane(ContextInternal context) {
            this.context = context;
        }

        void tick() {
            lastTickNanos = System.nanoTime();
            if (running) {
                tickTimer = vertx.setTimer(TICK_MS, id -> tick());
            }
        }

        void schedule(TargetDefinition target) {
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
                arm(slot, Timetable.firstDue(target.getId(), target.getSchedule().getIntervalMs(), 0, clock.millis()));
            }
        }

        void stop() {
            vertx.cancelTimer(tickTimer);
            batches.values().forEach(batch -> vertx.cancelTimer(batch.timerId));
            batches.clear();
            List.copyOf(slots.keySet()).forEach(this::remove);
        }

        void remove(String targetId) {
            Slot slot = slots.remove(targetId);
            if (slot != null) {
                slot.removed = true;
                if (slot.waiting) {
                    waiting.remove(slot);
                    hasWaiting = !waiting.isEmpty();
                }
                scheduled = slots.size();
            }
        }

        void arm(Slot slot, long dueMs) {
            slot.dueMs = dueMs;
            // Rounded up to the end of its span, so that no run starts before it is due.
            long batchMs = -Math.floorDiv(-dueMs, BATCH_MS) * BATCH_MS;
            slot.batchMs = batchMs;
            Batch batch = batches.get(batchMs);
            if (batch == null) {
                Batch created = new Batch();
                created.timerId = vertx.setTimer(Math.max(1, batchMs - clock.millis()), id -> fire(batchMs));
                batches.put(batchMs, created);
                batch = created;
            }
            batch.slots.add(slot);
        }

        void fire(long batchMs) {
            for (Slot slot : batches.remove(batchMs).slots) {
                if (!slot.removed && slot.batchMs == batchMs) {
                    slot.batchMs = -1;
                    due(slot);
                }
            }
        }

        void due(Slot slot) {
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
            if (waiting.isEmpty() && tryStart()) {
                launch(slot, dueMs);
                return;
            }
            slot.waiting = true;
            slot.waitingDueMs = dueMs;
            waiting.add(slot);
            hasWaiting = true;
            // A place freed by another lane since tryStart failed is not missed: that lane sees hasWaiting.
            startWaiting();
        }

        /** Starts the waiting runs, oldest first, while places are free. */
        void startWaiting() {
            while (!waiting.isEmpty() && tryStart()) {
                Slot next = waiting.poll();
                next.waiting = false;
                launch(next, next.waitingDueMs);
            }
            hasWaiting = !waiting.isEmpty();
        }

        void launch(Slot slot, long dueMs) {
            long startMs = clock.millis();
            metrics.scheduleLag(startMs - dueMs);
            slot.inFlight = true;
            TargetDefinition target = slot.target;
            Future<ProbeRun> run;
            try {
                run = probe.run(target, Instant.ofEpochMilli(startMs));
            } catch (RuntimeException e) {
                run = Future.failedFuture(e);
            }
            run.onComplete(done -> onContext(() -> finished(slot, target, done.succeeded() ? done.result()
                    : new ProbeRun.NotChecked(NotCheckedReason.INTERNAL_ERROR, String.valueOf(done.cause())))));
        }

        void finished(Slot slot, TargetDefinition target, ProbeRun run) {
            slot.inFlight = false;
            inFlight.decrementAndGet();
            // A target removed or revoked while its run was in flight is no longer this instance's to report.
            if (!slot.removed) {
                if (run instanceof ProbeRun.Checked checked) {
                    metrics.probeCompleted(checked.result());
                    results.accept(checked.result());
                } else if (run instanceof ProbeRun.NotChecked notRun) {
                    notChecked.accept(target, notRun);
                }
            }
            // The freed place goes to a waiting run, of this lane if it has one. Started as a task of its own, so
            // that probes which complete at once do not recurse through here.
            if (hasWaiting) {
                context.runOnContext(v -> startWaiting());
            } else {
                for (Lane other : lanes) {
                    if (other != this && other.hasWaiting) {
                        other.context.runOnContext(v -> other.startWaiting());
                        break;
                    }
                }
            }
        }

        /** Runs the action on this lane's event loop: at once when already there, as every probe completion is. */
        Future<Void> onContext(Runnable action) {
            if (context.nettyEventLoop().inEventLoop()) {
                action.run();
                return Future.succeededFuture();
            }
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> {
                action.run();
                done.complete();
            });
            return done.future();
        }
    }
}

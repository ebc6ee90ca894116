package dev.healthmon.service.stop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A process stop that ends within a bound, whatever hangs: the {@link StopStep}s run at once, in parallel, each
 * given what is left of the bound; a watchdog armed at the first sign of the stop halts the JVM once the bound has
 * passed, naming what was given up on and where the stop was stuck.
 */
public final class BoundedStop {

    /** The exit status of a halted stop, as {@code timeout(1)} uses for a command it had to kill. */
    public static final int HALT_STATUS = 124;

    // Kept from the steps' share of the bound for the steps' own give-up, the log lines and the rest of the stop.
    private static final Duration STEP_MARGIN = Duration.ofSeconds(1);
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(1);
    private static final int STACK_FRAMES = 12;

    private static final Logger LOG = Logger.getLogger(BoundedStop.class);

    /** How the JVM is ended; {@link Runtime#halt} in a process of its own. */
    @FunctionalInterface
    public interface Halt {
        void halt(int status);
    }

    private final Duration bound;
    private final Halt halt;
    private final LongSupplier nanoClock;
    private final Map<StopStep, Thread> running = new LinkedHashMap<>();
    private final List<String> givenUp = new ArrayList<>();
    private final CountDownLatch disarmed = new CountDownLatch(1);
    private long beganNanos;
    private boolean began;
    private Thread stopping;

    public BoundedStop(Duration bound, Halt halt) {
        this(bound, halt, System::nanoTime);
    }

    BoundedStop(Duration bound, Halt halt, LongSupplier nanoClock) {
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("The stop bound must be positive, not " + bound);
        }
        this.bound = bound;
        this.halt = halt;
        this.nanoClock = nanoClock;
    }

    public Duration bound() {
        return bound;
    }

    /** Starts the clock and arms the watchdog; later calls do nothing. */
    public synchronized void begin() {
        if (began) {
            return;
        }
        began = true;
        beganNanos = nanoClock.getAsLong();
        Thread watchdog = new Thread(this::watch, "healthmon-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs the steps at once, in parallel, each with what is left of the bound (less a margin), and returns the
     * names of those given up on. A step that ignores its timeout is left running on its own daemon thread.
     */
    public List<String> stop(Collection<? extends StopStep> steps) {
        begin();
        synchronized (this) {
            stopping = Thread.currentThread();
        }
        long stepsDeadline = beganNanos + bound.toNanos() - WAIT_MARGIN.toNanos();
        Duration timeout = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(100),
                stepsDeadline - STEP_MARGIN.toNanos() - nanoClock.getAsLong()));
        Map<StopStep, CompletableFuture<Boolean>> outcomes = new LinkedHashMap<>();
        for (StopStep step : steps) {
            CompletableFuture<Boolean> outcome = new CompletableFuture<>();
            Thread thread = new Thread(() -> run(step, timeout, outcome), "healthmon-stop-" + step.name());
            thread.setDaemon(true);
            synchronized (this) {
                running.put(step, thread);
            }
            outcomes.put(step, outcome);
            thread.start();
        }
        List<String> failed = new ArrayList<>();
        for (var entry : outcomes.entrySet()) {
            String name = entry.getKey().name();
            boolean stopped;
            try {
                long left = Math.max(0, stepsDeadline - nanoClock.getAsLong());
                stopped = entry.getValue().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
            } catch (Exception e) {
                LOG.errorf(e.getCause() == null ? e : e.getCause(), "Stopping %s failed", name);
                stopped = false;
            }
            if (!stopped) {
                failed.add(name);
                LOG.warnf("Gave up on stopping %s within %d ms (healthmon.stop.timeout %s)", name,
                        timeout.toMillis(), bound);
            }
        }
        synchronized (this) {
            givenUp.addAll(failed);
        }
        return failed;
    }

    /** The watchdog stands down: for tests, which must not end their JVM. */
    void disarm() {
        disarmed.countDown();
    }

    private void run(StopStep step, Duration timeout, CompletableFuture<Boolean> outcome) {
        long start = nanoClock.getAsLong();
        try {
            boolean stopped = step.stopWithin(timeout);
            if (stopped) {
                LOG.infof("Stopped %s in %d ms", step.name(),
                        TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start));
            }
            outcome.complete(stopped);
        } catch (Exception | Error e) {
            outcome.completeExceptionally(e);
        } finally {
            synchronized (this) {
                running.remove(step);
            }
        }
    }

    private void watch() {
        try {
            long left = beganNanos + bound.toNanos() - nanoClock.getAsLong();
            if (disarmed.await(left, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error(haltMessage());
        halt.halt(HALT_STATUS);
    }

    synchronized String haltMessage() {
        List<String> open = new ArrayList<>(givenUp);
        running.keySet().stream().map(StopStep::name).filter(name -> !open.contains(name)).forEach(open::add);
        String where = stopping == null ? "the stop had not reached the services' own steps"
                : "the stop was in " + stopping.getName() + " at\n\tat " + Arrays.stream(stopping.getStackTrace())
                        .limit(STACK_FRAMES).map(String::valueOf).collect(Collectors.joining("\n\tat "));
        return String.format("The stop did not finish within %s (healthmon.stop.timeout): halting with exit status %d."
                + " Gave up on: %s; %s", bound, HALT_STATUS, open.isEmpty() ? "nothing of our own" : open, where);
    }
}

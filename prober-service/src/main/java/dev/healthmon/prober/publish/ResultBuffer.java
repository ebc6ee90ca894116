package dev.healthmon.prober.publish;

import dev.healthmon.schemas.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The results waiting to be handed to Kafka, bounded: when it is full the oldest result is dropped (and counted),
 * because a monitoring system cares most about the newest results. Adding never blocks, so probing never waits
 * for the broker.
 */
public final class ResultBuffer {

    private final int capacity;
    private final LongConsumer dropped;
    private final ArrayDeque<CheckResult> results = new ArrayDeque<>();

    public ResultBuffer(int capacity, LongConsumer dropped) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.dropped = dropped;
    }

    /** Adds a new result, dropping the oldest one if the buffer is full. */
    public void add(CheckResult result) {
        boolean drop;
        synchronized (results) {
            drop = results.size() >= capacity;
            if (drop) {
                results.pollFirst();
            }
            results.addLast(result);
            notifyIfWasEmpty();
        }
        if (drop) {
            dropped.accept(1);
        }
    }

    /** Puts back a result that could not be delivered, as the oldest; it is dropped if the buffer is full. */
    public void putBack(CheckResult result) {
        boolean drop;
        synchronized (results) {
            drop = results.size() >= capacity;
            if (!drop) {
                results.addFirst(result);
                notifyIfWasEmpty();
            }
        }
        if (drop) {
            dropped.accept(1);
        }
    }

    /**
     * Up to {@code max} of the oldest results: waits up to {@code timeoutMs} for the first one, then
     * {@code lingerMs} for more to join it, so that a steady trickle of results is taken in batches rather than
     * with a wake-up of the taker each. Empty if none came.
     */
    public List<CheckResult> take(int max, long timeoutMs, long lingerMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (results) {
            while (results.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return List.of();
                }
                results.wait(left);
            }
            if (lingerMs > 0 && results.size() < max) {
                // Nothing wakes the taker of a buffer that is not empty: this waits out the linger.
                results.wait(lingerMs);
            }
            List<CheckResult> batch = new ArrayList<>(Math.min(max, results.size()));
            while (batch.size() < max && !results.isEmpty()) {
                batch.add(results.pollFirst());
            }
            return batch;
        }
    }

    /** Called holding the lock after adding: a taker waits only while the buffer is empty. */
    private void notifyIfWasEmpty() {
        if (results.size() == 1) {
            results.notifyAll();
        }
    }

    public int size() {
        synchronized (results) {
            return results.size();
        }
    }
}

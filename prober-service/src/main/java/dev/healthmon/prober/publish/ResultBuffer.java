package dev.healthmon.prober.publish;

import dev.healthmon.schemas.CheckResult;
import java.util.ArrayDeque;
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
            results.notifyAll();
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
                results.notifyAll();
            }
        }
        if (drop) {
            dropped.accept(1);
        }
    }

    /** The oldest result, waiting up to {@code timeoutMs} for one; null if none came. */
    public CheckResult take(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (results) {
            while (results.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                results.wait(left);
            }
            return results.pollFirst();
        }
    }

    public int size() {
        synchronized (results) {
            return results.size();
        }
    }
}

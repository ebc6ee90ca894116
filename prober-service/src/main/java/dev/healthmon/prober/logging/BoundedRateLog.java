package dev.healthmon.prober.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces a warning that may come thousands of times a second: the first occurrence is logged, then at most one line
 * per interval, saying how many came since the last line. Thread-safe.
 */
public final class BoundedRateLog {

    private final long intervalNanos;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLogNanos;

    public BoundedRateLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.lastLogNanos = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /**
     * Counts one occurrence; returns how many occurrences the caller is to log now (this one and those not logged
     * yet), or 0 when this one is only counted.
     */
    public long occurred() {
        long count = unlogged.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= intervalNanos && lastLogNanos.compareAndSet(last, now)) {
            unlogged.addAndGet(-count);
            return count;
        }
        return 0;
    }
}

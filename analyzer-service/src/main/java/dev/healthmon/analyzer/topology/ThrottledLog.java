package dev.healthmon.analyzer.topology;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A warning about records that keep coming, written at most once per interval, never once per record: the first
 * occurrence at once, then how many occurred since the last line, with the latest example.
 */
final class ThrottledLog {

    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> log;
    private long unlogged;
    private long lastLineNanos;
    private boolean logged;

    /** @param what what occurred, as a heading: "Results for undefined targets, dropped" */
    ThrottledLog(String what, Duration interval, LongSupplier nanoClock, Consumer<String> log) {
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.log = log;
    }

    synchronized void occurred(String example) {
        unlogged++;
        long now = nanoClock.getAsLong();
        if (!logged || now - lastLineNanos >= intervalNanos) {
            log.accept(what + ": " + unlogged + (logged ? " in the last " + Duration.ofNanos(now - lastLineNanos)
                    .toSeconds() + " s" : "") + "; the latest: " + example);
            logged = true;
            lastLineNanos = now;
            unlogged = 0;
        }
    }
}

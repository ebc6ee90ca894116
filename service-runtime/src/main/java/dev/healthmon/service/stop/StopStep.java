package dev.healthmon.service.stop;

import java.time.Duration;

/**
 * Something a service closes when it stops, within a time limit: a Kafka client, a Streams application. Every
 * {@code StopStep} bean is stopped by {@link ServiceStop} first thing on shutdown, all of them at once.
 */
public interface StopStep {

    /** What is stopped, as the log names it. */
    String name();

    /**
     * Stops, giving up once {@code timeout} has passed; returns {@code false} when it gave up (for instance because
     * the broker cannot be reached to commit, deliver or leave).
     */
    boolean stopWithin(Duration timeout) throws Exception;
}

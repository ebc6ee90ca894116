package dev.healthmon.prober.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A prober in a process of its own, so that a test can kill it as a crash would, without it leaving its consumer
 * group. Arguments: bootstrap servers, topic prefix, region, instance id.
 */
public final class ProberProcess {

    private ProberProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestProbers.start(TestProbers.settings(args[0], args[2], args[3], 10_000, Duration.ofSeconds(30)), args[1],
                new SimpleMeterRegistry());
        // Runs until the test kills the process.
        new CountDownLatch(1).await();
    }
}

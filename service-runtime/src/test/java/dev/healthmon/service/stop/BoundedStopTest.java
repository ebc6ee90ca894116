package dev.healthmon.service.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedStopTest {

    private final AtomicInteger haltedWith = new AtomicInteger(-1);
    private final CountDownLatch release = new CountDownLatch(1);
    private BoundedStop stop;

    @AfterEach
    void standDown() {
        release.countDown();
        if (stop != null) {
            stop.disarm();
        }
    }

    @Test
    void stepsThatFinishLeaveNothingGivenUpAndNoHalt() {
        stop = new BoundedStop(Duration.ofSeconds(3), haltedWith::set);
        AtomicReference<Duration> given = new AtomicReference<>();

        List<String> givenUp = stop.stop(List.of(step("producer", timeout -> {
            given.set(timeout);
            return true;
        }), step("streams", timeout -> true)));

        assertThat(givenUp).isEmpty();
        // Each step's own limit leaves time for the log and the rest of the stop.
        assertThat(given.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        stop.disarm();
        assertThat(haltedWith.get()).isEqualTo(-1);
    }

    @Test
    void aStepThatHangsIsGivenUpOnAndTheJvmIsHaltedWhenTheBoundHasPassed() {
        stop = new BoundedStop(Duration.ofSeconds(3), haltedWith::set);
        long start = System.nanoTime();

        List<String> givenUp = stop.stop(List.of(step("Kafka Streams", timeout -> {
            release.await();
            return true;
        }), step("producer", timeout -> true)));

        assertThat(givenUp).containsExactly("Kafka Streams");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> haltedWith.get() == BoundedStop.HALT_STATUS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(stop.haltMessage()).contains("within PT3S", "exit status 124", "Gave up on: [Kafka Streams]",
                "the stop was in " + Thread.currentThread().getName());
    }

    @Test
    void theClockStartsWithTheSignalNotWithTheSteps() {
        AtomicLong clock = new AtomicLong();
        stop = new BoundedStop(Duration.ofSeconds(4), haltedWith::set, clock::get);
        stop.begin();
        clock.addAndGet(Duration.ofMillis(1_500).toNanos());
        AtomicReference<Duration> given = new AtomicReference<>();

        stop.stop(List.of(step("producer", timeout -> {
            given.set(timeout);
            return true;
        })));

        // 4 s, less 1.5 s gone since the signal, less 1 s for the steps' own give-up and 1 s for the rest of the stop.
        assertThat(given.get()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aStepThatFailsOrGivesUpItselfIsReported() {
        stop = new BoundedStop(Duration.ofSeconds(3), haltedWith::set);

        List<String> givenUp = stop.stop(List.of(step("consumer", timeout -> {
            throw new IllegalStateException("broker gone");
        }), step("producer", timeout -> false), step("admin", timeout -> true)));

        assertThat(givenUp).containsExactly("consumer", "producer");
    }

    @Test
    void aStopThatNeverReachedTheStepsSaysSo() {
        stop = new BoundedStop(Duration.ofMillis(200), haltedWith::set);
        stop.begin();

        await().atMost(Duration.ofSeconds(5)).until(() -> haltedWith.get() == BoundedStop.HALT_STATUS);
        assertThat(stop.haltMessage()).contains("Gave up on: nothing of our own",
                "the stop had not reached the services' own steps");
    }

    private interface Body {
        boolean stop(Duration timeout) throws Exception;
    }

    private static StopStep step(String name, Body body) {
        return new StopStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean stopWithin(Duration timeout) throws Exception {
                return body.stop(timeout);
            }
        };
    }
}

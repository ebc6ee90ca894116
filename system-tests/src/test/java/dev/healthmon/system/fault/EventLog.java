package dev.healthmon.system.fault;

import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The events topic as an alerting consumer reads it ({@code read_committed}), from the moment it was opened, each
 * event with the moment it became readable here. A thread of its own reads all the time, so that those moments
 * are the events' detection times.
 */
final class EventLog implements AutoCloseable {

    /** One event, and when this consumer got it. */
    record Received(HealthEvent event, Instant readAt) {
    }

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration END_CHECK = Duration.ofMillis(500);

    private final KafkaConsumer<String, HealthEvent> consumer;
    private final List<TopicPartition> partitions;
    private final List<Received> received = new ArrayList<>();
    private final AtomicReference<Instant> caughtUpAt = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean running = true;

    private EventLog(String bootstrapServers, Topic<String, HealthEvent> topic) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.partitions = IntStream.range(0, topic.partitions()).mapToObj(p -> new TopicPartition(topic.name(), p))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Fix the starting point now: what was committed before this moment is not this log's.
        partitions.forEach(consumer::position);
        this.reader = new Thread(this::read, "fault-suite-event-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts reading the events committed from now on. */
    static EventLog fromNow(String bootstrapServers, Topic<String, HealthEvent> topic) {
        return new EventLog(bootstrapServers, topic);
    }

    /** What was read so far, in reading order. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until this log has read every event committed before this call. */
    void awaitEverythingCommitted(Duration atMost) {
        Instant asked = Instant.now();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return caughtUpAt.get().isAfter(asked);
        });
    }

    private void read() {
        long nextEndCheck = 0;
        try {
            while (running) {
                for (ConsumerRecord<String, HealthEvent> record : consumer.poll(POLL)) {
                    Instant now = Instant.now();
                    synchronized (received) {
                        received.add(new Received(record.value(), now));
                    }
                }
                if (System.nanoTime() >= nextEndCheck) {
                    nextEndCheck = System.nanoTime() + END_CHECK.toNanos();
                    checkEnd();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure.set(e);
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void checkEnd() {
        Instant checked = Instant.now();
        try {
            // With read_committed these are the last stable offsets: the end of what is committed.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(2));
            if (partitions.stream().allMatch(p -> consumer.position(p, Duration.ofSeconds(2)) >= ends.get(p))) {
                caughtUpAt.set(checked);
            }
        } catch (KafkaException e) {
            // The broker may be away (a fault under test): the next check tries again.
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
    }
}

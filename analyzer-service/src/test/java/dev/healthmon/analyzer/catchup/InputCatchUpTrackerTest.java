package dev.healthmon.analyzer.catchup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.EmbeddedKafkaBroker;
import dev.healthmon.kafka.local.KafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tracker against a real broker: end offsets against a consumer group's committed offsets. */
@ExtendWith(KafkaExtension.class)
class InputCatchUpTrackerTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final String results = "results-" + UUID.randomUUID();
    private final String definitions = "definitions-" + UUID.randomUUID();
    private final String group = "analysis-" + UUID.randomUUID();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InputCatchUpTracker tracker = new InputCatchUpTracker(INTERVAL, Clock.systemUTC(), registry);

    @AfterEach
    void close() {
        tracker.close();
    }

    @Test
    void aPartitionIsCaughtUpOnceTheGroupHasCommittedEverythingWrittenToItsInputs(
            @BootstrapServers String bootstrapServers) throws Exception {
        createTopics(bootstrapServers);
        try (var producer = producer(bootstrapServers, Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(results, 0, "t", "r" + i)).get();
            }
        }
        start(bootstrapServers);

        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(1).isPresent());
        assertThat(tracker.of(0)).as("three records unread").isEmpty();
        assertThat(lag(0)).isEqualTo(3);

        commit(bootstrapServers, new TopicPartition(results, 0), 3);
        var caughtUp = await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0), run -> run.isPresent())
                .orElseThrow();
        // Through a check made before the next one found the records committed.
        assertThat(caughtUp.through()).isBefore(Instant.now());
        assertThat(lag(0)).isZero();
        // The run goes on with every check.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> tracker.of(0).orElseThrow().through().isAfter(caughtUp.through()));
        assertThat(tracker.of(0).orElseThrow().since()).isEqualTo(caughtUp.since());
    }

    // The writer's sends report to their callback, which counts the records written: the futures tell nothing more.
    @SuppressWarnings("FutureReturnValueIgnored")
    @Test
    void aGroupThatKeepsUpWithSteadyLiveInputIsCaughtUpWithoutABreak(@BootstrapServers String bootstrapServers)
            throws Exception {
        createTopics(bootstrapServers);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        List<TopicPartition> partitions = List.of(new TopicPartition(results, 0), new TopicPartition(results, 1));
        // Written without a pause, to both partitions, so that there is nearly always something not yet read: a
        // tracker that wants the input read to its end at the moment it asks would never say caught up.
        Thread writer = new Thread(() -> {
            try (var producer = producer(bootstrapServers, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                while (running.get()) {
                    for (TopicPartition partition : partitions) {
                        producer.send(new ProducerRecord<>(results, partition.partition(), "t", "r"),
                                (metadata, error) -> {
                                    if (error == null) {
                                        written.incrementAndGet();
                                    }
                                });
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }
        }, "steady-writer");
        // Read and committed as Kafka Streams does with the analyzer's commit interval (100 ms).
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(partitions);
                long nextCommit = 0;
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(20));
                    if (System.nanoTime() >= nextCommit) {
                        consumer.commitSync();
                        committed.incrementAndGet();
                        nextCommit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                    }
                }
            }
        }, "steady-reader");
        writer.start();
        reader.start();
        try {
            start(bootstrapServers);
            // An unbroken run of caught-up checks, over many checks, on both partitions while the input flows.
            long writtenBefore = written.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> List.of(0, 1).stream().allMatch(p -> tracker.of(p)
                    .filter(run -> !run.through().isBefore(run.since().plus(INTERVAL.multipliedBy(5)))).isPresent()));
            assertThat(written.get()).as("the input kept flowing").isGreaterThan(writtenBefore);
            assertThat(writer.isAlive() && reader.isAlive()).as("still writing and reading").isTrue();
            assertThat(committed.get()).isPositive();
        } finally {
            running.set(false);
            writer.join(10_000);
            reader.join(10_000);
        }
    }

    @Test
    void aPartitionWhoseLastWriteWasTransactionalIsCaughtUpAtTheConsumersPosition(
            @BootstrapServers String bootstrapServers) throws Exception {
        createTopics(bootstrapServers);
        try (var producer = transactionalProducer(bootstrapServers)) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(definitions, 0, "t", "d")).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
        }
        start(bootstrapServers);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag(0) == 2);
        assertThat(tracker.of(0)).as("the record and its commit marker unread").isEmpty();

        // A read_committed consumer steps over the marker, as Kafka Streams does before it commits.
        TopicPartition partition = new TopicPartition(definitions, 0);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.position(partition) == 2;
            });
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(consumer.position(partition))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0).isPresent());
    }

    @Test
    void recordsBehindATransactionStillOpenAreNotRead(@BootstrapServers String bootstrapServers) throws Exception {
        createTopics(bootstrapServers);
        try (var producer = transactionalProducer(bootstrapServers)) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(results, 0, "t", "r")).get();
            start(bootstrapServers);
            // A read_committed reader is stuck at the transaction's start, where nothing has been read.
            await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(1).isPresent() && lag(0) == 1);
            assertThat(tracker.of(0)).isEmpty();
            producer.commitTransaction();
        }
        commit(bootstrapServers, new TopicPartition(results, 0), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0).isPresent());
    }

    @Test
    void aGroupThatNeverCommittedStartsWhereTheLogStartsNow(@BootstrapServers String bootstrapServers)
            throws Exception {
        createTopics(bootstrapServers);
        TopicPartition partition = new TopicPartition(results, 0);
        try (var producer = producer(bootstrapServers, Map.of());
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(results, 0, "t", "r" + i)).get();
            }
            // As retention does: the records are gone before this group read them.
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3))).all().get();
        }
        start(bootstrapServers);
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0).isPresent());
    }

    @Test
    void whileTheBrokerIsAwayNothingIsCaughtUp() throws Exception {
        // A broker of this test's own, to stop it.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0)) {
            createTopics(broker.bootstrapServers());
            tracker.start(Map.of("bootstrap.servers", broker.bootstrapServers(), "request.timeout.ms", 1_000,
                    "default.api.timeout.ms", 1_000), group, Set.of(results, definitions));
            await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0).isPresent() && tracker.of(1).isPresent());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.of(0).isEmpty() && tracker.of(1).isEmpty());
        assertThat(lag(0)).isEqualTo(-1);
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A transactional producer whose transaction has not begun. */
    private static KafkaProducer<String, String> transactionalProducer(String bootstrapServers) {
        KafkaProducer<String, String> producer = producer(bootstrapServers,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "writer-" + UUID.randomUUID()));
        producer.initTransactions();
        return producer;
    }

    private void start(String bootstrapServers) {
        tracker.start(Map.of("bootstrap.servers", bootstrapServers), group, Set.of(results, definitions));
    }

    private void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(results, 2, (short) 1), new NewTopic(definitions, 2, (short) 1)))
                    .all().get();
        }
    }

    private void commit(String bootstrapServers, TopicPartition partition, long offset) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, group),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }

    private double lag(int partition) {
        var gauge = registry.find("healthmon.analyzer.input.lag.records").tag("partition",
                Integer.toString(partition)).gauge();
        return gauge == null ? -1 : gauge.value();
    }
}

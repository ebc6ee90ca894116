package dev.healthmon.analyzer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import dev.healthmon.analyzer.topology.AnalyzerMetrics;
import dev.healthmon.analyzer.topology.AnalyzerTopology;
import dev.healthmon.analyzer.topology.TestAnalyzerSettings;
import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.topic.TopicCatalogue;
import dev.healthmon.uptime.LatencySketch;
import dev.healthmon.uptime.UptimeBuckets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: the packaged analyzer runs as a separate process against a real broker, is killed
 * (SIGKILL, no clean close) while it works through a scripted result log, and started again. The {@code events} topic
 * read with {@code read_committed} must then hold exactly the events of one uninterrupted run, which the same
 * topology computes in a {@link TopologyTestDriver}, the {@code status} topic each target's final status of that
 * run (statuses held back for a tick when the analyzer was killed are sent again after the restart), and the
 * {@code uptime} topic each bucket's final counts and latencies of that run: no result is lost or counted twice, in
 * its minute or in the hour the minute is added to.
 */
@ExtendWith(KafkaExtension.class)
class ExactlyOnceRestartIT {

    private static final int TARGETS = 12;
    private static final int RESULTS_PER_TARGET = 150;
    private static final List<String> REGIONS = List.of("eu", "us");

    @TempDir
    Path workDir;
    private Process analyzer;

    @AfterEach
    void stopAnalyzer() {
        if (analyzer != null) {
            analyzer.destroyForcibly();
        }
    }

    @Test
    void aHardCrashNeitherLosesNorDuplicatesEvents(@BootstrapServers String bootstrapServers) throws Exception {
        String run = "eos-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = new TopicCatalogue(run + ".", 3, (short) 1);
        topics.ensureTopics(Map.<String, Object>of("bootstrap.servers", bootstrapServers));

        Instant base = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        List<TargetDefinition> definitions = definitions();
        List<CheckResult> results = results(base);
        Reference reference = uninterruptedRun(topics, definitions, results, base);
        Map<String, List<HealthEvent>> expected = reference.events();
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();
        assertThat(expectedCount).isGreaterThan(50);

        Path stateDir = workDir.resolve("state");
        try (KafkaProducer<String, TargetDefinition> targetProducer = producer(bootstrapServers,
                topics.targets().valueSerde().serializer());
                KafkaProducer<String, CheckResult> resultProducer = producer(bootstrapServers,
                        topics.checkResults().valueSerde().serializer());
                KafkaConsumer<String, HealthEvent> events = consumer(bootstrapServers, run,
                        topics.events().valueSerde().deserializer());
                KafkaConsumer<String, TargetStatus> statuses = consumer(bootstrapServers, run + "-status",
                        topics.status().valueSerde().deserializer());
                KafkaConsumer<String, UptimeBucket> uptime = consumer(bootstrapServers, run + "-uptime",
                        topics.uptime().valueSerde().deserializer())) {
            analyzer = startAnalyzer(bootstrapServers, run, stateDir, "first");
            sendAll(targetProducer, definitions.stream().map(d -> new ProducerRecord<>(topics.targets().name(), null,
                    base.minusSeconds(1).toEpochMilli(), d.getId(), d)).toList());
            // Results only once every target is known, so that none is dropped as a result for an unknown target.
            statuses.subscribe(List.of(topics.status().name()));
            Map<String, TargetStatus> latest = new HashMap<>();
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
                statuses.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                return latest.size() == TARGETS;
            });

            int half = results.size() / 2;
            sendAll(resultProducer, records(results.subList(0, half), topics));
            events.subscribe(List.of(topics.events().name()));
            Map<String, List<HealthEvent>> seen = new LinkedHashMap<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> read(events, seen) > 0);

            analyzer.destroyForcibly().waitFor();
            sendAll(resultProducer, records(results.subList(half, results.size()), topics));
            analyzer = startAnalyzer(bootstrapServers, run, stateDir, "second");

            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> read(events, seen) >= expectedCount);
            // Hold on a little longer: a duplicate would come after the last expected event.
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> read(events, seen) == expectedCount);
            assertThat(seen).isEqualTo(expected);

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                statuses.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                assertThat(latest).isEqualTo(reference.statuses());
            });

            // Time in state follows the wall clock, which differs between the two runs; the rest must not.
            uptime.subscribe(List.of(topics.uptime().name()));
            Map<String, CountedBucket> buckets = new HashMap<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                uptime.poll(Duration.ofMillis(200)).forEach(r -> buckets.put(r.key(), CountedBucket.of(r.value())));
                assertThat(buckets).containsAllEntriesOf(reference.buckets());
            });
        }
    }

    /** What a bucket counted of the results: everything but the time in state. */
    private record CountedBucket(UptimeBucket counts, LatencySketch latency) {

        static CountedBucket of(UptimeBucket bucket) {
            return new CountedBucket(UptimeBucket.newBuilder(bucket).setTimeInStateMs(Map.of()).setLatencySketch(null)
                    .build(), UptimeBuckets.sketch(bucket));
        }
    }

    /**
     * What one uninterrupted run sends: the events by target in order, the last status of each target, and the last
     * counts of each uptime bucket.
     */
    private record Reference(Map<String, List<HealthEvent>> events, Map<String, TargetStatus> statuses,
            Map<String, CountedBucket> buckets) {
    }

    private static List<TargetDefinition> definitions() {
        List<TargetDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            String id = String.format("target-%02d", i);
            // Nothing time-driven within the test: regions stay current for an hour, the circuit never opens.
            definitions.add(TargetDefinition.newBuilder().setId(id).setName(id).setQuorum(Quorum.MAJORITY)
                    .setRegions(REGIONS).setFailureThreshold(2).setSuccessThreshold(1).setStaleAfterMs(3_600_000L)
                    .setSchedule(new Schedule(1_000L, 500L, 0L))
                    .setCircuitBreaker(new CircuitBreakerSettings(1_000_000, 3, 60_000L, 3))
                    .setCheck(HttpCheck.newBuilder().setUrl("http://" + id + ".invalid/").build()).build());
        }
        return definitions;
    }

    /** Results of every target, one second apart, in runs of UP and DOWN from a fixed seed. */
    private static List<CheckResult> results(Instant base) {
        Random random = new Random(42);
        List<CheckResult> results = new ArrayList<>();
        for (int step = 0; step < RESULTS_PER_TARGET; step++) {
            for (int i = 0; i < TARGETS; i++) {
                boolean down = random.nextInt(3) == 0;
                String region = REGIONS.get(random.nextInt(REGIONS.size()));
                results.add(CheckResult.newBuilder().setTargetId(String.format("target-%02d", i))
                        .setCheckType(CheckType.HTTP).setOutcome(down ? Outcome.DOWN : Outcome.UP)
                        .setFailureKind(down ? FailureKind.TIMEOUT : null).setLatencyMicros(1_000L).setRegion(region)
                        .setProberId(region + "-1").setStartedAt(base.plusSeconds(step)).build());
            }
        }
        return results;
    }

    private Reference uninterruptedRun(TopicCatalogue topics, List<TargetDefinition> definitions,
            List<CheckResult> results, Instant base) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "uninterrupted");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(workDir.resolve("reference")).toString());
        Map<String, List<HealthEvent>> events = new LinkedHashMap<>();
        Map<String, TargetStatus> statuses = new HashMap<>();
        Map<String, CountedBucket> buckets = new HashMap<>();
        // A driver reads every record as it is piped: caught up, through its wall clock.
        Instant tickAt = base.plusSeconds(RESULTS_PER_TARGET + 60);
        try (TopologyTestDriver driver = new TopologyTestDriver(AnalyzerTopology.build(topics,
                TestAnalyzerSettings.withPunctuation(Duration.ofSeconds(1)), new AnalyzerMetrics(new SimpleMeterRegistry()),
                partition -> Optional.of(new CaughtUp(Instant.EPOCH, tickAt))), props, base)) {
            TestInputTopic<String, TargetDefinition> targets = driver.createInputTopic(topics.targets().name(),
                    Serdes.String().serializer(), topics.targets().valueSerde().serializer());
            TestInputTopic<String, CheckResult> checkResults = driver.createInputTopic(topics.checkResults().name(),
                    Serdes.String().serializer(), topics.checkResults().valueSerde().serializer());
            definitions.forEach(d -> targets.pipeInput(d.getId(), d, base.minusSeconds(1)));
            results.forEach(r -> checkResults.pipeInput(r.getTargetId(), r, r.getStartedAt()));
            driver.createOutputTopic(topics.events().name(), Serdes.String().deserializer(),
                    topics.events().valueSerde().deserializer()).readKeyValuesToList()
                    .forEach(kv -> events.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value));
            // A tick sends the statuses held back, and every minute has ended by then, so it is in its hour; nothing
            // else is due at it (regions stay current for an hour).
            driver.advanceWallClockTime(Duration.between(base, tickAt));
            driver.createOutputTopic(topics.status().name(), Serdes.String().deserializer(),
                    topics.status().valueSerde().deserializer()).readKeyValuesToList()
                    .forEach(kv -> statuses.put(kv.key, kv.value));
            driver.createOutputTopic(topics.uptime().name(), Serdes.String().deserializer(),
                    topics.uptime().valueSerde().deserializer()).readKeyValuesToList()
                    .forEach(kv -> buckets.put(kv.key, CountedBucket.of(kv.value)));
        }
        return new Reference(events, statuses, buckets);
    }

    private static int read(KafkaConsumer<String, HealthEvent> consumer, Map<String, List<HealthEvent>> seen) {
        consumer.poll(Duration.ofMillis(200))
                .forEach(r -> seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        return seen.values().stream().mapToInt(List::size).sum();
    }

    private Process startAnalyzer(String bootstrapServers, String run, Path stateDir, String name) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        // Kept in the build directory, for when the test fails.
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(run + "-" + name + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dhealthmon.topics.prefix=" + run + ".",
                "-Dhealthmon.topics.partitions=3",
                "-Dquarkus.kafka-streams.application-id=" + run,
                "-Dquarkus.http.port=0",
                "-Dkafka-streams.state.dir=" + stateDir,
                // A killed member's partitions move on after the session timeout; keep it at the broker's minimum.
                "-Dkafka-streams.session.timeout.ms=6000",
                "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static <V> KafkaProducer<String, V> producer(String bootstrapServers, Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Serdes.String().serializer(), values);
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrapServers, String group,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.String().deserializer(), values);
    }

    private static List<ProducerRecord<String, CheckResult>> records(List<CheckResult> results, TopicCatalogue topics) {
        return results.stream().map(r -> new ProducerRecord<>(topics.checkResults().name(), null,
                r.getStartedAt().toEpochMilli(), r.getTargetId(), r)).toList();
    }

    /** Sends the records and waits until each is written: a failed send fails the test here, with its reason. */
    private static <V> void sendAll(KafkaProducer<String, V> producer, List<ProducerRecord<String, V>> records)
            throws Exception {
        List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
        producer.flush();
        for (Future<RecordMetadata> written : sent) {
            written.get();
        }
    }
}

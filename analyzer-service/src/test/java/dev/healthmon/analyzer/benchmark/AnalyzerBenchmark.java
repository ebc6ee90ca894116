package dev.healthmon.analyzer.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.topology.AnalyzerMetrics;
import dev.healthmon.analyzer.topology.AnalyzerTopology;
import dev.healthmon.analyzer.topology.TestAnalyzerSettings;
import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of one analyzer instance against a plain consumer that only reads and decodes the same results, with
 * and without exactly-once, and the latency from a threshold-crossing result to its {@code TARGET_DOWN} being
 * readable ({@code read_committed}). Not part of the build; run it with
 * {@code ./mvnw -B -pl analyzer-service verify -Dit.test=AnalyzerBenchmark -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.results=200000]}.
 */
@ExtendWith(KafkaExtension.class)
class AnalyzerBenchmark {

    private static final int RESULTS = Integer.getInteger("benchmark.results", 200_000);
    private static final int STREAM_THREADS = Integer.getInteger("benchmark.stream-threads", 1);
    // As the analyzer's application.properties sets it.
    private static final int COMMIT_INTERVAL_MS = Integer.getInteger("benchmark.commit-interval-ms", 100);
    private static final int TARGETS = 1_000;
    private static final int LATENCY_SAMPLES = 200;

    @TempDir
    Path stateDir;

    @Test
    void throughputAndDetectionLatency(@BootstrapServers String bootstrapServers) throws Exception {
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = new TopicCatalogue(run + ".", 6, (short) 1);
        topics.ensureTopics(Map.<String, Object>of("bootstrap.servers", bootstrapServers));
        load(bootstrapServers, topics);

        // Each of these runs takes about a second: the first pass warms the JIT up, the second is measured.
        plainConsumerRate(bootstrapServers, topics);
        double plain = plainConsumerRate(bootstrapServers, topics);
        streamsRate(bootstrapServers, run + "-floor-warm-up", StreamsConfig.EXACTLY_ONCE_V2, decodeOnly(topics),
                null);
        double streamsFloor = streamsRate(bootstrapServers, run + "-floor", StreamsConfig.EXACTLY_ONCE_V2,
                decodeOnly(topics), null);
        double atLeastOnce = analyzerRate(bootstrapServers, topics, run + "-alos", StreamsConfig.AT_LEAST_ONCE, null);
        List<Long> latencies = new ArrayList<>();
        double exactlyOnce = analyzerRate(bootstrapServers, topics, run + "-eos", StreamsConfig.EXACTLY_ONCE_V2,
                streams -> latencies.addAll(detectionLatencies(bootstrapServers, topics)));
        latencies.sort(null);

        System.out.printf("%nanalyzer benchmark: %d results, %d targets, 6 partitions, one instance, %d stream "
                + "thread(s), commit interval %d ms%n", RESULTS, TARGETS, STREAM_THREADS, COMMIT_INTERVAL_MS);
        System.out.printf("plain consumer (read + decode): %,.0f results/s%n", plain);
        System.out.printf("Kafka Streams, read + decode only, exactly_once_v2: %,.0f results/s (ratio %.2f)%n",
                streamsFloor, streamsFloor / plain);
        System.out.printf("analyzer at_least_once:        %,.0f results/s (ratio %.2f)%n", atLeastOnce,
                atLeastOnce / plain);
        System.out.printf("analyzer exactly_once_v2:      %,.0f results/s (ratio %.2f)%n", exactlyOnce,
                exactlyOnce / plain);
        System.out.printf("detection latency (result sent -> TARGET_DOWN readable, read_committed, %d samples): "
                + "p50 %d ms, p99 %d ms, max %d ms%n%n", latencies.size(), percentile(latencies, 50),
                percentile(latencies, 99), latencies.get(latencies.size() - 1));
        assertThat(latencies).hasSize(LATENCY_SAMPLES);
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String target(int i) {
        return String.format("target-%04d", i);
    }

    private static String latencyTarget(int i) {
        return String.format("latency-%04d", i);
    }

    private static TargetDefinition definition(String id) {
        return TargetDefinition.newBuilder().setId(id).setName(id).setQuorum(Quorum.ANY).setFailureThreshold(1)
                .setSchedule(new Schedule(30_000L, 5_000L, 0L))
                .setCheck(HttpCheck.newBuilder().setUrl("http://" + id + ".invalid/").build()).build();
    }

    private static CheckResult result(String id, boolean down, Instant at) {
        return CheckResult.newBuilder().setTargetId(id).setCheckType(CheckType.HTTP)
                .setOutcome(down ? Outcome.DOWN : Outcome.UP).setFailureKind(down ? FailureKind.TIMEOUT : null)
                .setLatencyMicros(2_000L).setRegion(down ? "eu" : "us").setProberId("bench").setStartedAt(at).build();
    }

    // Every send reports to the callback failures, checked at the end: the futures tell nothing more.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void load(String bootstrapServers, TopicCatalogue topics) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback failures = (metadata, exception) -> failure.compareAndSet(null, exception);
        // Not idempotent: a broker that has not yet applied a new partition answers NOT_LEADER_OR_FOLLOWER, a later
        // request of the same producer lands, and the retried first batch then fails with OUT_OF_ORDER_SEQUENCE until
        // it expires (KAFKA-15591, fixed after Kafka 4.1). One request in flight keeps each partition in order.
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, TargetDefinition> definitions = new KafkaProducer<>(config,
                Serdes.String().serializer(), topics.targets().valueSerde().serializer());
                KafkaProducer<String, CheckResult> results = new KafkaProducer<>(config, Serdes.String().serializer(),
                        topics.checkResults().valueSerde().serializer())) {
            // A fresh topic's partitions get their leaders shortly after it is created; a send before that can fail.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(topics.targets(),
                    topics.checkResults()).allMatch(topic -> definitions.partitionsFor(topic.name()).stream()
                            .allMatch(partition -> partition.leader() != null)));
            for (int i = 0; i < TARGETS; i++) {
                definitions.send(new ProducerRecord<>(topics.targets().name(), target(i), definition(target(i))),
                        failures);
            }
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                definitions.send(new ProducerRecord<>(topics.targets().name(), latencyTarget(i),
                        definition(latencyTarget(i))), failures);
            }
            definitions.flush();
            Random random = new Random(7);
            Instant start = Instant.now().minusSeconds(RESULTS / TARGETS + 60);
            for (int i = 0; i < RESULTS; i++) {
                String id = target(i % TARGETS);
                results.send(new ProducerRecord<>(topics.checkResults().name(), id,
                        result(id, random.nextInt(10) == 0, start.plusMillis(i))), failures);
            }
        }
        assertThat(failure.get()).as("a failed send while loading").isNull();
    }

    /** Results read and decoded per second, from the first record to the last. */
    private static double plainConsumerRate(String bootstrapServers, TopicCatalogue topics) {
        AvroSerde<CheckResult> serde = AvroSerde.of(CheckResult.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "plain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            consumer.subscribe(List.of(topics.checkResults().name()));
            int read = 0;
            long first = 0;
            while (read < RESULTS) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (read++ == 0) {
                        first = System.nanoTime();
                    }
                    serde.deserialize(record.topic(), record.value());
                }
            }
            return RESULTS / ((System.nanoTime() - first) / 1e9);
        }
    }

    /** Results processed per second by one analyzer instance, from the first processed result to the last. */
    private double analyzerRate(String bootstrapServers, TopicCatalogue topics, String applicationId,
            String guarantee, java.util.function.Consumer<KafkaStreams> whileRunning) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Never caught up: time is judged by the results read, as in a catch-up it is.
        Topology topology = AnalyzerTopology.build(topics, TestAnalyzerSettings.withPunctuation(Duration.ofSeconds(1)),
                new AnalyzerMetrics(registry), partition -> Optional.empty());
        Counter processed = registry.find("healthmon.analyzer.results").tag("outcome", "processed").counter();
        return streamsRate(bootstrapServers, applicationId, guarantee, new CountedTopology(topology, processed),
                whileRunning);
    }

    /** A topology and the counter of the results it has processed. */
    private record CountedTopology(Topology topology, Counter processed) {
    }

    /**
     * The floor under any Streams application on this topic: Kafka Streams reading the results and decoding each,
     * with no state and no output.
     */
    private static CountedTopology decodeOnly(TopicCatalogue topics) {
        Counter decoded = new SimpleMeterRegistry().counter("decoded");
        AvroSerde<CheckResult> serde = AvroSerde.of(CheckResult.class);
        Topology topology = new Topology();
        topology.addSource("source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.checkResults().name());
        topology.addProcessor("decode", () -> (Processor<byte[], byte[], Void, Void>) record -> {
            serde.deserialize(topics.checkResults().name(), record.value());
            decoded.increment();
        }, "source");
        return new CountedTopology(topology, decoded);
    }

    /**
     * Where the stream threads' time went over the last metrics window (30 s): Kafka Streams' own thread metrics,
     * the shares of polling, processing, punctuating and committing.
     */
    private static String threadTimeShares(KafkaStreams streams) {
        StringBuilder shares = new StringBuilder();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")) {
                shares.append(String.format("%s %.2f ", name.name(), (Double) metric.metricValue()));
            }
        });
        return shares.toString().trim();
    }

    /** Results processed per second by one Streams instance, from the first processed result to the last. */
    private double streamsRate(String bootstrapServers, String applicationId, String guarantee,
            CountedTopology counted, java.util.function.Consumer<KafkaStreams> whileRunning) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
        try (KafkaStreams streams = new KafkaStreams(counted.topology(), props)) {
            streams.start();
            Counter processed = counted.processed();
            long[] first = new long[1];
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (first[0] == 0 && processed.count() > 0) {
                    first[0] = System.nanoTime();
                }
                return processed.count() >= RESULTS;
            });
            double rate = RESULTS / ((System.nanoTime() - first[0]) / 1e9);
            System.out.printf("%s: %s%n", applicationId, threadTimeShares(streams));
            if (whileRunning != null) {
                whileRunning.accept(streams);
            }
            return rate;
        }
    }

    /** One DOWN result at a time for a fresh target; time until its TARGET_DOWN is readable. */
    // Not waiting for a sample to be written keeps that wait out of the latency; one that is not fails the wait below.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static List<Long> detectionLatencies(String bootstrapServers, TopicCatalogue topics) {
        List<Long> latencies = new ArrayList<>();
        try (KafkaProducer<String, CheckResult> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
                Serdes.String().serializer(), topics.checkResults().valueSerde().serializer());
                KafkaConsumer<String, HealthEvent> events = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                        Serdes.String().deserializer(), topics.events().valueSerde().deserializer())) {
            events.subscribe(List.of(topics.events().name()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                events.poll(Duration.ofMillis(100));
                return !events.assignment().isEmpty();
            });
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                String id = latencyTarget(i);
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topics.checkResults().name(), id, result(id, true, Instant.now())));
                boolean[] seen = new boolean[1];
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1)).until(() -> {
                            for (ConsumerRecord<String, HealthEvent> record : events.poll(Duration.ofMillis(5))) {
                                seen[0] |= id.equals(record.key()) && record.value().getType() == HealthEventType.TARGET_DOWN;
                            }
                            return seen[0];
                        });
                latencies.add((System.nanoTime() - sent) / 1_000_000);
            }
        }
        return latencies;
    }
}

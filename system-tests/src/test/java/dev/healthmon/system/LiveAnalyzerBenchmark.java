package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.system.load.LoadGenerator;
import dev.healthmon.system.load.LoadPlan;
import dev.healthmon.system.load.LoadTargets;
import dev.healthmon.system.load.Outage;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How much live input one analyzer sustains, and what a live result costs: the packaged broker, analyzer and query
 * service each in a process of their own, and the {@link LoadGenerator} playing probers (N targets × R regions at an
 * interval, steady, some targets failing at known times). Not part of the build (its name matches neither surefire's
 * nor failsafe's patterns); run by hand, after {@code ./mvnw -B install -DskipTests}:
 *
 * <pre>./mvnw -B -pl system-tests verify -Dit.test=LiveAnalyzerBenchmark -Dtest=NoSuchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.rates=10000,18000]</pre>
 *
 * <p>Without {@code benchmark.rates} it first finds the highest rate the analyzer sustains (input lag under 1 s for
 * every sample of a hold), stepping up from {@code benchmark.search-start} by {@code benchmark.search-step}; then it
 * measures, each in fresh processes, at 50% and 90% of it. It writes its report to {@code benchmark.report}
 * ({@code system-tests/target/live-benchmark.md}). docs/benchmarks.md says what each figure means and lists the
 * settings.
 */
class LiveAnalyzerBenchmark {

    private static final List<Integer> RATES = Arrays.stream(System.getProperty("benchmark.rates", "").split(","))
            .filter(rate -> !rate.isBlank()).map(rate -> Integer.parseInt(rate.trim())).toList();
    private static final int REGIONS = Integer.getInteger("benchmark.regions", 3);
    private static final Duration INTERVAL = Duration.ofMillis(Integer.getInteger("benchmark.interval-ms", 1_000));
    private static final int SEARCH_START = Integer.getInteger("benchmark.search-start", 4_000);
    private static final int SEARCH_STEP = Integer.getInteger("benchmark.search-step", 4_000);
    private static final int SEARCH_MAX = Integer.getInteger("benchmark.search-max", 60_000);
    private static final Duration HOLD = Duration.ofSeconds(Integer.getInteger("benchmark.hold-seconds", 60));
    private static final Duration WARM_UP_MIN = Duration.ofSeconds(Integer.getInteger("benchmark.warm-up-min-seconds", 30));
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(Integer.getInteger("benchmark.warm-up-max-seconds", 120));
    private static final Path REPORT = Path.of(System.getProperty("benchmark.report", "target/live-benchmark.md"))
            .toAbsolutePath();
    private static final int OUTAGES_PER_SECOND = Integer.getInteger("benchmark.outages-per-second", 2);
    /** Empty: the analyzer's own setting. */
    private static final String COMMIT_INTERVAL_MS = System.getProperty("benchmark.commit-interval-ms", "");
    private static final String COMMIT_INTERVAL_SETTING = "kafka-streams.commit.interval.ms";
    private static final boolean WITH_QUERY = Boolean.parseBoolean(System.getProperty("benchmark.query", "true"));
    private static final List<String> ANALYZER_JVM_OPTIONS = Arrays.stream(
            System.getProperty("benchmark.analyzer-jvm-options", "").split(" ")).filter(o -> !o.isBlank()).toList();

    private static final double LAG_LIMIT_SECONDS = 1.0;
    private static final String ANALYZER_GROUP = "healthmon-analyzer";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TARGET_PREFIX = "live";
    private static final TopicCatalogue TOPICS = TopicCatalogue.fromSettings(setting -> Optional.empty());

    @TempDir
    Path work;

    @Test
    void liveCapacity() throws Exception {
        List<Integer> rates = RATES;
        String found = "";
        if (rates.isEmpty()) {
            int sustained = search();
            found = String.format("Highest rate sustained for %d s with input lag under 1 s: %,d results/s.%n%n",
                    HOLD.toSeconds(), sustained);
            rates = List.of(sustained / 2, sustained * 9 / 10);
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int rate : rates) {
            measurements.add(measure(rate));
        }
        String report = found + Measurement.table(measurements);
        System.out.printf("%n%s%n", report);
        Files.writeString(REPORT, report);
        System.out.printf("Report written to %s%n", REPORT);
        assertThat(measurements).allSatisfy(m -> assertThat(m.missedDetections()).isZero());
    }

    /**
     * The highest rate at which the input lag stayed under the limit for a whole hold, in one set of processes:
     * steps up until a rate is not sustained, then tries once half a step above the last sustained one.
     */
    private int search() throws Exception {
        int sustained = 0;
        try (Stack stack = new Stack(work.resolve("search"))) {
            LoadGenerator generator = null;
            int registered = 0;
            int step = SEARCH_STEP;
            boolean refining = false;
            try {
                for (int rate = SEARCH_START; rate <= SEARCH_MAX; rate += step) {
                    LoadPlan plan = plan(rate);
                    registered = stack.register(plan, registered);
                    if (generator != null) {
                        generator.close(Duration.ofSeconds(10));
                    }
                    generator = LoadGenerator.start(LoadGenerator.producerConfig(stack.bootstrapServers),
                            TOPICS.checkResults(), plan);
                    if (sustained == 0) {
                        System.out.printf("search: warm-up at %,d results/s %s%n", rate, stack.warmUp(rate));
                    }
                    Hold hold = stack.hold(generator, rate);
                    System.out.printf("search: %,d results/s: %s%n", rate, hold);
                    if (hold.sustained()) {
                        sustained = rate;
                    }
                    if (refining || sustained == 0) {
                        break;
                    }
                    if (!hold.sustained()) {
                        refining = true;
                        step /= 2;
                        rate = sustained;
                        // The backlog of the rate not sustained would count against the next one: drain it first.
                        generator.close(Duration.ofSeconds(10));
                        generator = null;
                        System.out.printf("search: backlog %s%n", stack.drain());
                    }
                }
            } finally {
                if (generator != null) {
                    generator.close(Duration.ofSeconds(10));
                }
            }
        }
        assertThat(sustained).as("the analyzer did not sustain even %,d results/s", SEARCH_START).isPositive();
        return sustained;
    }

    private Measurement measure(int rate) throws Exception {
        try (Stack stack = new Stack(work.resolve("rate-" + rate))) {
            LoadPlan plan = plan(rate);
            stack.register(plan, 0);
            try (LoadGenerator generator = LoadGenerator.start(LoadGenerator.producerConfig(stack.bootstrapServers),
                    TOPICS.checkResults(), plan)) {
                String warmUp = stack.warmUp(rate);
                Measurement measurement = stack.window(generator, rate, warmUp);
                System.out.printf("measured %,d results/s: %.1f µs per result, detection p99 %d ms%n", rate,
                        measurement.analyzerMicrosPerResult(), Measurement.percentile(measurement.detectionMs(), 99));
                return measurement;
            }
        }
    }

    private static LoadPlan plan(int rate) {
        int targets = Math.max(1, (int) Math.round(rate * INTERVAL.toMillis() / 1_000.0 / REGIONS));
        return LoadPlan.of(TARGET_PREFIX, targets, LoadPlan.THREE_REGIONS.subList(0, REGIONS), INTERVAL);
    }

    /** The input lag over a hold at one rate, after the analyzer settled. */
    private record Hold(double settleSeconds, double maxLagSeconds, double achievedRate, int rate) {

        boolean sustained() {
            return maxLagSeconds < LAG_LIMIT_SECONDS && achievedRate >= rate * 0.97;
        }

        @Override
        public String toString() {
            return String.format("%s (max input lag %.2f s over the hold, after %.0f s to settle; generator sent "
                    + "%,.0f results/s)", sustained() ? "sustained" : "NOT sustained", maxLagSeconds, settleSeconds,
                    achievedRate);
        }
    }

    /** The broker, the analyzer and (unless turned off) the query service, each a packaged process. */
    private static final class Stack implements AutoCloseable {

        private final String name;
        private final Path logs;
        private final PackagedStack stack;
        private final PackagedProcess broker;
        private final PackagedProcess analyzer;
        private final PackagedProcess query;
        private final String bootstrapServers;
        private final Admin admin;

        Stack(Path dir) throws Exception {
            name = dir.getFileName().toString();
            List<String> analyzerSettings = COMMIT_INTERVAL_MS.isEmpty() ? List.of()
                    : List.of(COMMIT_INTERVAL_SETTING + "=" + COMMIT_INTERVAL_MS);
            stack = PackagedStack.start(dir, WITH_QUERY ? List.of("analyzer", "query") : List.of("analyzer"),
                    List.of(), List.of(), Map.of("analyzer", analyzerSettings),
                    Map.of("analyzer", ANALYZER_JVM_OPTIONS));
            broker = stack.process("kafka");
            analyzer = stack.process("analyzer");
            query = stack.process("query");
            bootstrapServers = stack.bootstrapServers();
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            logs = dir.resolve("logs");
        }

        /** Registers the plan's targets from index {@code from} on; returns how many are registered now. */
        int register(LoadPlan plan, int from) {
            if (from >= plan.targets().size()) {
                return from;
            }
            List<String> ids = plan.targets().subList(from, plan.targets().size());
            LoadTargets.register(LoadGenerator.producerConfig(bootstrapServers), TOPICS.targets(), ids.stream()
                    .map(id -> LoadTargets.definition(id, plan).setQuorum(Quorum.MAJORITY).setFailureThreshold(1)
                            .setSuccessThreshold(1).build()).toList());
            return plan.targets().size();
        }

        /** Gives the input lag up to 30 s to fall under the limit, then samples it every second. */
        Hold hold(LoadGenerator generator, int rate) throws Exception {
            long settleStart = System.nanoTime();
            awaitAtMost(Duration.ofSeconds(30), () -> lagSeconds(rate) < LAG_LIMIT_SECONDS);
            double settle = (System.nanoTime() - settleStart) / 1e9;
            long sentBefore = generator.stats().sent();
            double maxLag = 0;
            long start = System.nanoTime();
            for (int second = 1; second <= HOLD.toSeconds(); second++) {
                sleepUntil(start, second);
                maxLag = Math.max(maxLag, lagSeconds(rate));
            }
            double achieved = (generator.stats().sent() - sentBefore) / ((System.nanoTime() - start) / 1e9);
            return new Hold(settle, maxLag, achieved, rate);
        }

        /** Waits up to 3 min for the analyzer to have processed all its input; says how long it took. */
        String drain() {
            long start = System.nanoTime();
            boolean drained = awaitAtMost(Duration.ofMinutes(3), () -> lag(ANALYZER_GROUP, TOPICS.checkResults()) == 0);
            return String.format("%s after %.0f s", drained ? "drained" : "NOT drained",
                    (System.nanoTime() - start) / 1e9);
        }

        /**
         * Lets the JIT settle: at least the minimum warm-up, then until the analyzer's compiler threads took at most
         * 2% of its CPU in three 10 s spans in a row and the input lag is under the limit (at most the maximum
         * warm-up). Says how it went.
         */
        String warmUp(int rate) {
            long start = System.nanoTime();
            double[] share = {1};
            ProcessCpu[] before = {null};
            int[] quiet = {0};
            boolean settled = awaitAtMost(WARM_UP_MAX, WARM_UP_MIN, Duration.ofSeconds(10), () -> {
                ProcessCpu now = ProcessCpu.of(analyzer.pid());
                if (before[0] != null) {
                    share[0] = now.shareSince(before[0], "C2 CompilerThre") + now.shareSince(before[0], "C1 CompilerThre");
                    quiet[0] = share[0] <= 0.02 && lagSeconds(rate) < LAG_LIMIT_SECONDS ? quiet[0] + 1 : 0;
                }
                before[0] = now;
                return quiet[0] >= 3;
            });
            return String.format("%s after %.0f s (JIT %.1f%% of the last span)", settled ? "settled" : "NOT settled",
                    (System.nanoTime() - start) / 1e9, share[0] * 100);
        }

        /** One measured window at the plan's steady rate. */
        Measurement window(LoadGenerator generator, int rate, String warmUp) throws Exception {
            Instant windowStart = Instant.now();
            Map<String, Instant> outages = new HashMap<>();
            List<String> targets = generator.plan().targets();
            int count = (int) Math.min(HOLD.toSeconds() * OUTAGES_PER_SECOND, targets.size());
            for (int i = 0; i < count; i++) {
                Instant from = windowStart.plusSeconds(1).plusMillis(i * 1_000L / OUTAGES_PER_SECOND);
                generator.addOutage(Outage.everywhere(targets.get(i), from, from.plusSeconds(5)));
                outages.put(targets.get(i), from);
            }
            Map<String, Detection> detections = new ConcurrentHashMap<>();
            List<Long> freshness = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread events = reader(TOPICS.events(), reading, record -> {
                HealthEvent event = record.value();
                Instant openedFrom = outages.get(event.getSubject());
                if (event.getType() == HealthEventType.TARGET_DOWN && openedFrom != null
                        && !event.getOccurredAt().isBefore(openedFrom)) {
                    detections.putIfAbsent(event.getSubject(), new Detection(event.getOccurredAt(),
                            System.currentTimeMillis() - event.getOccurredAt().toEpochMilli()));
                }
            });
            Thread statuses = reader(TOPICS.status(), reading, record -> {
                if (record.value() != null) {
                    freshness.add(System.currentTimeMillis() - record.value().getUpdatedAt().toEpochMilli());
                }
            });

            Map<TopicPartition, Long> offsetsBefore = endOffsets();
            ProcessCpu analyzerBefore = ProcessCpu.of(analyzer.pid());
            ProcessCpu brokerBefore = ProcessCpu.of(broker.pid());
            ProcessCpu queryBefore = query == null ? null : ProcessCpu.of(query.pid());
            long sentBefore = generator.stats().sent();
            long start = System.nanoTime();
            double maxLag = 0;
            long maxQueryLag = 0;
            for (int second = 1; second <= HOLD.toSeconds(); second++) {
                sleepUntil(start, second);
                maxLag = Math.max(maxLag, lagSeconds(rate));
                if (query != null && second % 5 == 0) {
                    maxQueryLag = Math.max(maxQueryLag, queryFetchLag());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ProcessCpu analyzerAfter = ProcessCpu.of(analyzer.pid());
            ProcessCpu brokerAfter = ProcessCpu.of(broker.pid());
            ProcessCpu queryAfter = query == null ? null : ProcessCpu.of(query.pid());
            long results = generator.stats().sent() - sentBefore;
            Map<TopicPartition, Long> offsetsAfter = endOffsets();
            // The last outages are detected a little after the window; one never detected is reported as missed.
            awaitAtMost(Duration.ofSeconds(10), () -> detections.size() == outages.size());
            reading.set(false);
            events.join();
            statuses.join();

            Map<String, Long> written = recordsWritten(offsetsBefore, offsetsAfter);
            long statusRecords = written.getOrDefault(TOPICS.status().name(), 0L);
            Map.Entry<String, Double> busiest = analyzerAfter.busiestSince(analyzerBefore);
            return new Measurement(rate, results / seconds, commitInterval(), warmUp,
                    analyzerAfter.since(analyzerBefore).toNanos() / 1e3 / results, busiest.getKey(),
                    busiest.getValue(), analyzerAfter.shareSince(analyzerBefore, "VM Thread"),
                    analyzerAfter.since(analyzerBefore).toNanos() / 1e9 / seconds,
                    brokerAfter.since(brokerBefore).toNanos() / 1e3 / results,
                    queryAfter == null ? Double.NaN : queryAfter.since(queryBefore).toNanos() / 1e9 / seconds,
                    queryAfter == null || statusRecords == 0 ? Double.NaN
                            : queryAfter.since(queryBefore).toNanos() / 1e3 / statusRecords,
                    maxQueryLag, sorted(detections.values().stream().map(Detection::millis).toList()),
                    slowest(detections.values()), outages.size() - detections.size(), sorted(freshness),
                    maxLag, results, written);
        }

        /**
         * The commit interval the analyzer ran with: the benchmark's setting, else the one its package holds (Kafka
         * Streams does not log its configuration under Quarkus).
         */
        private static String commitInterval() throws IOException {
            if (!COMMIT_INTERVAL_MS.isEmpty()) {
                return COMMIT_INTERVAL_MS + " ms (set by the benchmark)";
            }
            Path app = PackagedProcess.HOME.resolve("analyzer-service/target/quarkus-app/app");
            try (var jars = Files.list(app); JarFile jar = new JarFile(jars.filter(j -> j.toString().endsWith(".jar"))
                    .findFirst().orElseThrow().toFile())) {
                Properties properties = new Properties();
                properties.load(jar.getInputStream(jar.getEntry("application.properties")));
                String packaged = properties.getProperty(COMMIT_INTERVAL_SETTING);
                return packaged == null ? "Kafka Streams' default" : packaged + " ms (the analyzer's own setting)";
            }
        }

        /** Reads {@code topic} from its end on, with read_committed, until {@code reading} turns false. */
        private <V> Thread reader(Topic<String, V> topic, AtomicBoolean reading,
                Consumer<ConsumerRecord<String, V>> handle) {
            KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    topic.keySerde().deserializer(), topic.valueSerde().deserializer());
            List<TopicPartition> partitions = partitions(topic.name(), topic.partitions());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread thread = new Thread(() -> {
                try (consumer) {
                    while (reading.get()) {
                        consumer.poll(Duration.ofMillis(20)).forEach(handle);
                    }
                }
            }, "benchmark-reader-" + topic.name());
            thread.start();
            return thread;
        }

        /**
         * The query service's largest lag behind the topics it reads, in records, by its stream thread's consumer
         * (its committed offsets trail by its 30 s commit interval, so they would not say).
         */
        private long queryFetchLag() throws IOException, InterruptedException {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + stack.port("query")
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                    && line.contains("StreamThread")).mapToDouble(line -> Double.parseDouble(
                            line.substring(line.lastIndexOf(' ') + 1))).filter(lag -> !Double.isNaN(lag))
                    .mapToLong(lag -> (long) lag).max().orElse(0);
        }

        /** Seconds of input the analyzer has not processed: results behind its committed offsets, at this rate. */
        private double lagSeconds(int rate) throws Exception {
            return (double) lag(ANALYZER_GROUP, TOPICS.checkResults()) / rate;
        }

        private long lag(String group, Topic<?, ?> topic) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> ends = endOffsets(partitions(topic.name(), topic.partitions()));
            return ends.entrySet().stream().mapToLong(end -> end.getValue() - (committed.get(end.getKey()) == null
                    ? 0 : committed.get(end.getKey()).offset())).sum();
        }

        private Map<TopicPartition, Long> endOffsets() throws Exception {
            List<TopicPartition> all = new ArrayList<>();
            var descriptions = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get();
            descriptions.forEach((name, description) -> all.addAll(partitions(name, description.partitions().size())));
            return endOffsets(all);
        }

        private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions)
                throws InterruptedException, ExecutionException {
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().offset()));
        }

        /**
         * The records written to each topic but the input between two sets of end offsets, counted by reading them
         * (end offsets also count the markers of exactly-once transactions, which are not records).
         */
        private Map<String, Long> recordsWritten(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
            Map<String, Long> written = new TreeMap<>();
            Deserializer<byte[]> bytes = new ByteArrayDeserializer();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000), bytes, bytes)) {
                for (Map.Entry<TopicPartition, Long> end : after.entrySet()) {
                    long from = before.getOrDefault(end.getKey(), 0L);
                    if (end.getValue() <= from || end.getKey().topic().equals(TOPICS.checkResults().name())) {
                        continue;
                    }
                    consumer.assign(List.of(end.getKey()));
                    consumer.seek(end.getKey(), from);
                    long counted = 0;
                    while (consumer.position(end.getKey()) < end.getValue()) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            counted += record.offset() < end.getValue() ? 1 : 0;
                        }
                    }
                    written.merge(end.getKey().topic(), counted, Long::sum);
                }
            }
            return written;
        }

        private static List<TopicPartition> partitions(String topic, int count) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            return partitions;
        }

        /** Stops the processes and keeps their logs in the build directory, which say why a run went wrong. */
        @Override
        public void close() throws IOException {
            admin.close(Duration.ofSeconds(5));
            stack.close();
            Path kept = Files.createDirectories(Path.of("target", "live-benchmark-logs", name));
            try (var logFiles = Files.list(logs)) {
                for (Path log : logFiles.toList()) {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<Long> sorted(java.util.Collection<Long> values) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        sorted.sort(null);
        return sorted;
    }

    /** Whether {@code condition} held within {@code limit}, polled every second. */
    private static boolean awaitAtMost(Duration limit, java.util.concurrent.Callable<Boolean> condition) {
        return awaitAtMost(limit, Duration.ZERO, Duration.ofSeconds(1), condition);
    }

    /** Whether {@code condition} held within {@code limit}, polled from {@code delay} on every {@code interval}. */
    private static boolean awaitAtMost(Duration limit, Duration delay, Duration interval,
            java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().pollDelay(delay).pollInterval(interval).atMost(limit).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }

    /** Sleeps until {@code seconds} after {@code startNanos}, as sampling within a measured span needs. */
    private static void sleepUntil(long startNanos, long seconds) throws InterruptedException {
        long left = startNanos + seconds * 1_000_000_000L - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** A {@code TARGET_DOWN} read: when it occurred and how long after that it was readable. */
    private record Detection(Instant occurredAt, long millis) {

        @Override
        public String toString() {
            // The second within the minute shows whether the slow ones gather at minute ends.
            return String.format("%d ms at :%02d.%d", millis, occurredAt.getEpochSecond() % 60,
                    occurredAt.getNano() / 100_000_000);
        }
    }

    private static List<Detection> slowest(java.util.Collection<Detection> detections) {
        return detections.stream().sorted(java.util.Comparator.comparingLong(Detection::millis).reversed()).limit(5)
                .toList();
    }

    /** What one window at one rate measured. */
    private record Measurement(int rate, double achievedRate, String commitInterval, String warmUp,
            double analyzerMicrosPerResult, String busiestThread, double busiestShare, double gcShare,
            double analyzerCores, double brokerMicrosPerResult, double queryCores, double queryMicrosPerStatus,
            long maxQueryLag, List<Long> detectionMs, List<Detection> slowestDetections, int missedDetections,
            List<Long> freshnessMs,
            double maxLagSeconds, long results, Map<String, Long> written) {

        long writtenTo(java.util.function.Predicate<String> topic) {
            return written.entrySet().stream().filter(e -> topic.test(e.getKey())).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        double perResult(java.util.function.Predicate<String> topic) {
            return (double) writtenTo(topic) / results;
        }

        static long percentile(List<Long> sorted, double percent) {
            return sorted.isEmpty() ? -1
                    : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100 * sorted.size()) - 1));
        }

        static String table(List<Measurement> measurements) {
            StringBuilder table = new StringBuilder();
            table.append(String.format("%d regions, %d ms interval, commit interval: %s; window %d s%n%n", REGIONS,
                    INTERVAL.toMillis(), measurements.get(0).commitInterval(), HOLD.toSeconds()));
            table.append("| results/s | analyzer CPU | per result | of it busiest thread | GC | max input lag "
                    + "| detection p50 / p99 / max | status freshness p50 / p99 | records written per result "
                    + "(outputs + analyzer internal) | broker per result | query CPU | query per status record "
                    + "| query max lag |\n");
            table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Measurement m : measurements) {
                double outputs = m.perResult(topic -> topic.startsWith(TopicCatalogue.DEFAULT_PREFIX)
                        && !topic.equals(TOPICS.checkResults().name()) && !topic.equals(TOPICS.targets().name()));
                double internal = m.perResult(topic -> topic.startsWith(ANALYZER_GROUP + "-"));
                table.append(String.format("| %,.0f | %.0f%% of a core | %.1f µs | %.0f%% | %.0f%% | %.2f s "
                        + "| %d / %d / %d ms | %d / %d ms | %.2f + %.2f | %.1f µs | %s | %s | %s |%n",
                        m.achievedRate, m.analyzerCores * 100, m.analyzerMicrosPerResult, m.busiestShare * 100,
                        m.gcShare * 100, m.maxLagSeconds, percentile(m.detectionMs, 50),
                        percentile(m.detectionMs, 99), percentile(m.detectionMs, 100),
                        percentile(m.freshnessMs, 50), percentile(m.freshnessMs, 99), outputs, internal,
                        m.brokerMicrosPerResult, Double.isNaN(m.queryCores) ? "–"
                                : String.format("%.0f%% of a core", m.queryCores * 100),
                        Double.isNaN(m.queryMicrosPerStatus) ? "–" : String.format("%.1f µs", m.queryMicrosPerStatus),
                        Double.isNaN(m.queryCores) ? "–" : String.format("%,d records", m.maxQueryLag)));
            }
            table.append("\nPer measurement:\n\n");
            for (Measurement m : measurements) {
                table.append(String.format("- %,d results/s planned: warm-up %s; busiest analyzer thread '%s'; "
                        + "%d outages, %d detected, slowest %s; records written per result by topic: %s%n", m.rate,
                        m.warmUp, m.busiestThread, m.detectionMs.size() + m.missedDetections, m.detectionMs.size(),
                        m.slowestDetections,
                        m.written.entrySet().stream().filter(e -> e.getValue() > 0)
                                .map(e -> String.format("%s %.3f", e.getKey(), (double) e.getValue() / m.results))
                                .collect(Collectors.joining(", "))));
            }
            return table.toString();
        }
    }
}

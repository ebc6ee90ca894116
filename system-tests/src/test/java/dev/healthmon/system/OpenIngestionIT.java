package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.healthmon.kafka.local.SaslPlain;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.EvolvedWriters;
import dev.healthmon.serde.Fingerprints;
import dev.healthmon.topic.TargetPartitions;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion open to any producer, on a cluster that requires a login: the packaged broker accepts only clients that
 * log in with SASL/PLAIN, and the packaged analyzer, query service and prober get the login once each, as
 * {@code kafka.*} settings. Their topics are under a prefix the broker did not create, so the analyzer's admin client
 * creates them; the prober then probes a real server, so every client of every service must have connected.
 *
 * <p>Results are then written as a producer in another language writes them: a writer schema published by hand to
 * the {@code schemas} topic (a newer one, with an extra optional field), the record placed by a CRC32 partitioner
 * (librdkafka's default), so in another partition than its target's. The analyzer must re-route it and analyse it,
 * with nothing in the dead-letter topic; a record of a schema it cannot read must land there with the reason. Last,
 * a prober that does not speak Kafka pushes results over HTTP.
 */
class OpenIngestionIT {

    private static final String PREFIX = "open.";
    private static final int PARTITIONS = 6;
    private static final SaslPlain LOGIN = new SaslPlain("healthmon", "open-" + UUID.randomUUID());
    private static final String TOKEN = "ingest-writer-token";
    private static final Duration DETECTION = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static final TopicCatalogue TOPICS = new TopicCatalogue(PREFIX, PARTITIONS, (short) 1);
    private static PackagedStack stack;
    private static HttpServer web;

    private final QueryApi api = new QueryApi(stack.port("query"));


    @BeforeAll
    static void startTheProductOnASecuredBroker() throws Exception {
        web = HealthyServer.start(0);
        // Under a prefix the broker did not create topics for: the analyzer's admin client must create them.
        List<String> kafkaSettings = new ArrayList<>(List.of("healthmon.topics.prefix=" + PREFIX));
        LOGIN.clientConfig().forEach((key, value) -> kafkaSettings.add("kafka." + key + "=" + value));
        stack = PackagedStack.start(work, List.of("--sasl-plain", LOGIN.username() + ":" + LOGIN.password()),
                kafkaSettings, Map.of(
                        "analyzer", List.of("quarkus.kafka-streams.application-id=open-analyzer"),
                        "query", List.of("quarkus.kafka-streams.application-id=open-query",
                                "healthmon.api.tokens=" + TOKEN),
                        "prober", List.of("healthmon.prober.region=local")));
    }

    @AfterAll
    static void stopTheProduct() {
        if (stack != null) {
            stack.close();
        }
        if (web != null) {
            web.stop(0);
        }
    }

    @Test
    void everyClientOfEveryServiceLogsInAndTheProbedTargetComesUp() throws Exception {
        register("open-web", """
                {"interval": "1s", "timeout": "500ms", "http": {"url": "http://127.0.0.1:%d/health"}}"""
                .formatted(web.getAddress().getPort()));

        JsonNode up = awaitState("open-web", "UP");
        assertThat(up.at("/status/regions/0/region").asText()).isEqualTo("local");
        // The services published the schemas they write with: the analyzer its statuses, the prober its results.
        Map<String, String> schemas = readAll(TOPICS.schemas().name());
        assertThat(schemas).containsKeys(Fingerprints.hex(Fingerprints.of(TargetStatus.getClassSchema())),
                Fingerprints.hex(Fingerprints.of(CheckResult.getClassSchema())));
    }

    @Test
    void aNonJavaProducersResultsInTheWrongPartitionWithANewerSchemaAreAnalysedAndAnUnreadableOneIsSetAside()
            throws Exception {
        // A target no prober here probes, whose CRC32 partition is not its murmur2 one.
        String id = IntStream.range(0, 100).mapToObj(i -> "open-pushed-" + i)
                .filter(candidate -> crc32Partition(candidate) != TargetPartitions.of(candidate, PARTITIONS))
                .findFirst().orElseThrow();
        register(id, """
                {"regions": ["python"], "failureThreshold": 1, "interval": "1m", "timeout": "5s",
                 "tcp": {"host": "db.example.com", "port": 5432}}""");
        awaitAnalysed(id);

        Schema newer = EvolvedWriters.compatible();
        publishSchemaByHand(newer);
        writeAsLibrdkafkaDoes(id, EvolvedWriters.compatibleBytes(result(id, Outcome.DOWN), "TLSv1.3"));

        JsonNode down = awaitState(id, "DOWN");
        assertThat(down.at("/status/regions/0/region").asText()).isEqualTo("python");
        assertThat(metrics(stack.port("analyzer"))).containsPattern("healthmon_analyzer_results_rerouted_total [1-9]");

        Schema incompatible = EvolvedWriters.incompatible();
        publishSchemaByHand(incompatible);
        writeAsLibrdkafkaDoes(id, EvolvedWriters.incompatibleBytes(result(id, Outcome.UP)));

        List<ConsumerRecord<byte[], byte[]>> dead = await().atMost(DETECTION).until(() -> deadLetters(id),
                records -> !records.isEmpty());
        assertThat(dead).singleElement().satisfies(record -> assertThat(header(record, "healthmon.error.message"))
                .contains(Fingerprints.hex(Fingerprints.of(incompatible)))
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
        assertThat(api.get("/v1/targets/" + id).path("state").asText()).isEqualTo("DOWN");
    }

    @Test
    void aProberThatDoesNotSpeakKafkaPushesResultsOverHttp() throws Exception {
        register("open-http", """
                {"regions": ["ci"], "failureThreshold": 1, "interval": "1m", "timeout": "5s",
                 "tcp": {"host": "ci.example.com", "port": 22}}""");
        awaitAnalysed("open-http");
        String batch = """
                [{"targetId": "open-http", "checkType": "TCP", "outcome": "DOWN", "failureKind": "TIMEOUT",
                  "region": "ci", "proberId": "ci-runner", "startedAt": "%s"},
                 {"targetId": "open-nowhere", "checkType": "TCP", "outcome": "UP", "region": "ci",
                  "proberId": "ci-runner", "startedAt": "%s"}]""".formatted(Instant.now(), Instant.now());

        assertThat(post("/v1/results", batch, null).statusCode()).isEqualTo(401);
        HttpResponse<String> pushed = post("/v1/results", batch, TOKEN);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        JsonNode report = api.read(pushed.body());
        assertThat(report.path("published").asInt()).isEqualTo(1);
        assertThat(report.at("/items/1/problems/0/field").asText()).isEqualTo("targetId");
        assertThat(awaitState("open-http", "DOWN").at("/status/regions/0/region").asText()).isEqualTo("ci");
    }

    private static CheckResult result(String id, Outcome outcome) {
        return CheckResult.newBuilder().setTargetId(id).setCheckType(CheckType.TCP).setOutcome(outcome)
                .setFailureKind(outcome == Outcome.DOWN ? FailureKind.CONNECTION_REFUSED : null)
                .setLatencyMicros(800L).setRegion("python").setProberId("python-1")
                .setStartedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    /** librdkafka's default partitioner ({@code consistent_random}): CRC32 of the key, modulo the partitions. */
    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static void publishSchemaByHand(Schema schema) throws Exception {
        try (var producer = new KafkaProducer<>(clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPICS.schemas().name(), Fingerprints.hex(Fingerprints.of(schema)),
                    schema.toString())).get();
        }
    }

    private static void writeAsLibrdkafkaDoes(String targetId, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPICS.checkResults().name(), crc32Partition(targetId), targetId,
                    value)).get();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String key) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            readToEnd(consumer, TOPICS.dlq().name()).forEach(record -> {
                if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    found.add(record);
                }
            });
        }
        return found;
    }

    private static Map<String, String> readAll(String topic) {
        Map<String, String> values = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(clientConfig(Map.of()), new StringDeserializer(),
                new StringDeserializer())) {
            readToEnd(consumer, topic).forEach(record -> values.put(record.key(), record.value()));
        }
        return values;
    }

    private static <K, V> List<ConsumerRecord<K, V>> readToEnd(KafkaConsumer<K, V> consumer, String topic) {
        var partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        var end = consumer.endOffsets(partitions);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** The test's own clients log in as the services do. */
    private static Map<String, Object> clientConfig(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(LOGIN.clientConfig());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.putAll(extra);
        return config;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void register(String id, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/v1/targets/" + id))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return api.send(request.build());
    }

    private JsonNode awaitState(String id, String state) {
        return api.awaitState(id, state, DETECTION);
    }

    /** Until the analyzer has published the target's first status: it knows the definition. */
    private void awaitAnalysed(String id) {
        await().atMost(DETECTION).pollInterval(Duration.ofMillis(250))
                .until(() -> api.target(id).filter(t -> t.path("status").isObject()), Optional::isPresent);
    }

    private String metrics(int port) throws IOException, InterruptedException {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build())
                .body();
    }
}

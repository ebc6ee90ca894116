package dev.healthmon.query.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.readmodel.ReadModel.Replica;
import dev.healthmon.query.readmodel.StoreUnavailableException;
import dev.healthmon.query.routing.MetadataService.Elsewhere;
import dev.healthmon.query.routing.Router.Read;
import dev.healthmon.query.routing.Router.Relayed;
import dev.healthmon.query.routing.Router.WhenOwnerUnreachable;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CircuitStatus;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.TopicCatalogue;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two query instances of one Streams application in this JVM, each serving its routed reads over HTTP: a key owned
 * by the other instance is answered through a forward, a forward is never forwarded again, and with the owner gone
 * its standby copy answers, marked stale.
 */
@ExtendWith(KafkaExtension.class)
class RoutingTest {

    private static final Duration STREAMS_SETTLE = Duration.ofSeconds(90);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /**
     * One query instance: its Streams application, and an HTTP server answering {@code GET /status/{id}} through
     * the {@link Router} with {@code {"state": ..., "servedBy": <port>}}.
     */
    private static final class Instance implements AutoCloseable {

        final HttpServer server;
        final KafkaStreams streams;
        final MetadataService metadata;
        final ReadModel readModel;
        final Router router;

        Instance(Vertx vertx, String bootstrapServers, String applicationId, TopicCatalogue topics, Path stateDir)
                throws IOException {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            HostInfo self = new HostInfo("localhost", server.getAddress().getPort());
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            streams = new KafkaStreams(QueryTopology.build(topics), config);
            metadata = new MetadataService(streams, self);
            readModel = new ReadModel(streams, topics);
            router = new Router(metadata, new Forwarder(vertx, Duration.ofSeconds(2), 4));
            server.createContext("/status/", this::status);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void status(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/status/".length());
            InstanceRequest request = InstanceRequest.of("GET", exchange.getRequestURI().toString(), null,
                    exchange.getRequestHeaders().containsKey(InstanceRequest.FORWARDED_HEADER));
            try {
                Router.Answer<Optional<TargetStatus>> answer = router.byKey(QueryTopology.STATUS_STORE, id, request,
                        WhenOwnerUnreachable.READ_STANDBY, replica -> readModel.status(id, replica))
                        .await().atMost(Duration.ofSeconds(10));
                if (answer instanceof Relayed<Optional<TargetStatus>> relayed) {
                    if (relayed.response().stale()) {
                        exchange.getResponseHeaders().add(InstanceRequest.STALE_HEADER, "true");
                    }
                    send(exchange, relayed.response().status(), relayed.response().body());
                } else {
                    Read<Optional<TargetStatus>> read = (Read<Optional<TargetStatus>>) answer;
                    if (read.stale()) {
                        exchange.getResponseHeaders().add(InstanceRequest.STALE_HEADER, "true");
                    }
                    send(exchange, read.value().isPresent() ? 200 : 404, ("{\"state\": \"" + read.value()
                            .map(TargetStatus::getState).orElse(null) + "\", \"servedBy\": " + port() + "}")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (StoreUnavailableException e) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 503, e.getMessage().getBytes(StandardCharsets.UTF_8));
            }
        }

        private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
            streams.close(Duration.ofSeconds(30));
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private Instance first;
    private Instance second;

    @AfterEach
    void stopInstances() {
        for (Instance instance : new Instance[] { first, second }) {
            if (instance != null) {
                instance.close();
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static HttpResponse<String> get(Instance instance, String id, boolean forwarded) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port()
                + "/status/" + id)).timeout(Duration.ofSeconds(10));
        if (forwarded) {
            request.header(InstanceRequest.FORWARDED_HEADER, "1");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsAreRoutedToTheOwnerAndFallBackToTheStandbyWhenItIsGone(@BootstrapServers String bootstrapServers,
            @TempDir Path stateDirs) throws Exception {
        String run = UUID.randomUUID().toString();
        TopicCatalogue topics = new TopicCatalogue("routing-" + run + ".", 6, (short) 1);
        topics.ensureTopics(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "target-" + i).toList();
        try (KafkaProducer<String, TargetStatus> producer = new KafkaProducer<>(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topics.status().keySerde().serializer(), topics.status().valueSerde().serializer())) {
            for (String id : ids) {
                Instant since = Instant.parse("2026-01-01T00:00:00Z");
                producer.send(new ProducerRecord<>(topics.status().name(), id, TargetStatus.newBuilder()
                        .setTargetId(id).setState(TargetState.DOWN).setSince(since).setUpdatedAt(since)
                        .setCircuit(CircuitStatus.newBuilder().setState(CircuitState.OPEN).setSince(since).build())
                        .build())).get();
            }
        }
        String applicationId = "routing-test-" + run;
        first = new Instance(vertx, bootstrapServers, applicationId, topics, stateDirs.resolve("first"));
        second = new Instance(vertx, bootstrapServers, applicationId, topics, stateDirs.resolve("second"));

        // Before Streams runs, nobody knows the owner: 503 with Retry-After, at once.
        HttpResponse<String> starting = get(first, "target-0", false);
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).contains("1");

        first.streams.start();
        second.streams.start();
        // Settled: both instances own partitions, and each keeps a standby copy of the other's, caught up.
        await().atMost(STREAMS_SETTLE).until(() -> first.metadata.routable() && second.metadata.routable()
                && first.streams.streamsMetadataForStore(QueryTopology.STATUS_STORE).size() == 2
                && ids.stream().allMatch(id -> first.readModel.status(id, Replica.STANDBY_ALLOWED).isPresent()
                        && second.readModel.status(id, Replica.STANDBY_ALLOWED).isPresent()));
        String ownedBySecond = ids.stream()
                .filter(id -> first.metadata.locate(QueryTopology.STATUS_STORE, id) instanceof Elsewhere)
                .findFirst().orElseThrow();

        HttpResponse<String> forwarded = get(first, ownedBySecond, false);
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.body()).contains("\"state\": \"DOWN\"").contains("\"servedBy\": " + second.port());
        assertThat(forwarded.headers().firstValue(InstanceRequest.STALE_HEADER)).isEmpty();

        // Lists gather every other instance's part; a forwarded list request is answered with this part only.
        InstanceRequest list = InstanceRequest.of("GET", "/status/" + ownedBySecond, null, false);
        assertThat(first.router.fromOtherInstances(QueryTopology.STATUS_STORE, list).await().indefinitely())
                .singleElement().satisfies(part -> assertThat(new String(part.body(), StandardCharsets.UTF_8))
                        .contains("\"servedBy\": " + second.port()));
        assertThat(first.router.fromOtherInstances(QueryTopology.STATUS_STORE,
                InstanceRequest.of("GET", "/status/" + ownedBySecond, null, true)).await().indefinitely()).isEmpty();

        // A forwarded request reaching an instance that does not own the key is not forwarded again.
        HttpResponse<String> secondHop = get(first, ownedBySecond, true);
        assertThat(secondHop.statusCode()).isEqualTo(503);
        assertThat(secondHop.headers().firstValue("Retry-After")).contains("1");

        // The owner stops. Until the group notices (session timeout), the metadata still names it, the forward
        // fails, and the standby copy here answers, marked stale.
        second.close();
        second = null;
        HttpResponse<String> stale = get(first, ownedBySecond, false);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).contains("\"state\": \"DOWN\"").contains("\"servedBy\": " + first.port());
        assertThat(stale.headers().firstValue(InstanceRequest.STALE_HEADER)).contains("true");
    }
}

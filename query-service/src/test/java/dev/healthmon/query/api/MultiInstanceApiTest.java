package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.healthmon.kafka.local.KafkaTestResource;
import dev.healthmon.query.readmodel.QueryTopology;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.query.readmodel.ReadModel.Replica;
import dev.healthmon.query.routing.InstanceRequest;
import dev.healthmon.query.routing.MetadataService;
import dev.healthmon.query.routing.MetadataService.Elsewhere;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CircuitStatus;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * This application together with a second member of its Streams group (a peer in this JVM whose HTTP side is a
 * recording stand-in): the API forwards a target's reads to the peer that owns it, passing the caller's request on,
 * gathers lists from it, refuses a second hop, and answers from its standby copy, marked stale, once the peer is
 * unreachable.
 */
@QuarkusTest
@TestProfile(MultiInstanceApiTest.OwnStreamsGroup.class)
@WithTestResource(KafkaTestResource.class)
class MultiInstanceApiTest {

    /** An application of its own, so that the peer's membership of its group does not outlive this class. */
    public static class OwnStreamsGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("healthmon.routing.forward-timeout", "1s");
        }
    }

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String AUTHORIZATION = "Bearer test-writer-token";

    @Inject
    MetadataService metadata;
    @Inject
    ReadModel readModel;
    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private record Received(String method, String pathAndQuery, String forwarded, String authorization) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    // While set, the peer takes requests but answers none until it is released: a hung instance.
    private volatile CountDownLatch hangUntil;

    private void answer(HttpExchange exchange) throws IOException {
        CountDownLatch hang = hangUntil;
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst(InstanceRequest.FORWARDED_HEADER),
                exchange.getRequestHeaders().getFirst("Authorization")));
        String path = exchange.getRequestURI().getPath();
        String body = switch (path) {
            case "/v1/summary" -> "{\"targets\": 5, \"byState\": {\"UP\": 4, \"DOWN\": 1}}";
            case "/v1/targets" -> "{\"managedBy\": \"team\", \"dryRun\": false, \"created\": [\"peer-new\"], "
                    + "\"updated\": [], \"deleted\": [\"peer-old\"], \"unchanged\": []}";
            case "/v1/results" -> "{\"published\": 1, \"rejected\": 0, \"retry\": 0, "
                    + "\"items\": [{\"published\": true, \"retry\": false, \"problems\": []}]}";
            default -> "{\"state\": \"FROM_PEER\"}";
        };
        boolean created = exchange.getRequestMethod().equals("PUT") && path.startsWith("/v1/targets/");
        if (created) {
            exchange.getResponseHeaders().add("Location", "http://localhost:" + exchange.getLocalAddress().getPort()
                    + path);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(created ? 201 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private KafkaStreams peer(int port) throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("query-peer").toString());
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        return new KafkaStreams(QueryTopology.build(KafkaFixture.catalogue()), config);
    }

    /** A batch for {@code POST /v1/results}: one UP result for each target. */
    private static String pushedResults(String... targetIds) {
        return Stream.of(targetIds).map(id -> "{\"targetId\": \"" + id + "\", \"checkType\": \"HTTP\", "
                + "\"outcome\": \"UP\", \"region\": \"ci\", \"proberId\": \"ci-1\", \"startedAt\": \""
                + Instant.now() + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void readsOfAnotherInstancesTargetsAreForwardedAndFallBackToTheStandby() throws Exception {
        KafkaFixture.ensureTopics();
        KafkaFixture.awaitReadModel();
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "multi-" + i).toList();
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        for (String id : ids) {
            KafkaFixture.publishStatus(TargetStatus.newBuilder().setTargetId(id).setState(TargetState.DOWN)
                    .setSince(since).setUpdatedAt(since)
                    .setCircuit(CircuitStatus.newBuilder().setState(CircuitState.OPEN).setSince(since).build())
                    .build());
        }
        HttpServer peerServer = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        peerServer.createContext("/", this::answer);
        peerServer.start();
        KafkaStreams peer = peer(peerServer.getAddress().getPort());
        try {
            peer.start();
            await().atMost(SETTLE).until(() -> metadata.routable()
                    && metadata.otherInstances(QueryTopology.STATUS_STORE).size() == 1
                    && ids.stream().anyMatch(id -> metadata.locate(QueryTopology.STATUS_STORE, id)
                            instanceof Elsewhere elsewhere && elsewhere.standbyHere()
                            && readModel.status(id, Replica.STANDBY_ALLOWED).isPresent()));
            String ownedByPeer = ids.stream().filter(id -> metadata.locate(QueryTopology.STATUS_STORE, id)
                    instanceof Elsewhere elsewhere && elsewhere.standbyHere()).findFirst().orElseThrow();

            given().header("Authorization", AUTHORIZATION).queryParam("note", "a b")
                    .get("/v1/targets/{id}/circuit", ownedByPeer).then().statusCode(200)
                    .body("state", equalTo("FROM_PEER"));
            assertThat(received).containsExactly(new Received("GET", "/v1/targets/" + ownedByPeer
                    + "/circuit?note=a%20b", "1", AUTHORIZATION));

            // Writes go to the owner too, and its answer comes back whole.
            received.clear();
            given().header("Authorization", AUTHORIZATION).contentType("application/json")
                    .body("{\"heartbeat\": {\"ttl\": \"1m\"}}").put("/v1/targets/{id}", ownedByPeer).then()
                    .statusCode(201).header("Location", "http://localhost:" + peerServer.getAddress().getPort()
                            + "/v1/targets/" + ownedByPeer);
            assertThat(received).extracting(Received::method).containsExactly("PUT");

            given().header(InstanceRequest.FORWARDED_HEADER, "1").get("/v1/targets/{id}/circuit", ownedByPeer)
                    .then().statusCode(503).header("Retry-After", "1");

            Map<String, Integer> local = given().header(InstanceRequest.FORWARDED_HEADER, "1").get("/v1/summary")
                    .then().statusCode(200).extract().path("byState");
            given().get("/v1/summary").then().statusCode(200)
                    .body("byState.UP", equalTo(local.get("UP") + 4))
                    .body("byState.DOWN", equalTo(local.get("DOWN") + 1));

            // Pushed results go to their targets' owners, each owner's share in one forward; the reports merge.
            received.clear();
            String unknownHere = IntStream.range(0, 50).mapToObj(i -> "pushed-unknown-" + i)
                    .filter(id -> metadata.ownsHere(QueryTopology.TARGETS_STORE, id)).findFirst().orElseThrow();
            given().header("Authorization", AUTHORIZATION).contentType("application/json")
                    .body(pushedResults(ownedByPeer, unknownHere))
                    .post("/v1/results").then().statusCode(200)
                    .body("items.published", equalTo(List.of(true, false)))
                    .body("items[1].problems[0].field", equalTo("targetId"));
            assertThat(received).containsExactly(new Received("POST", "/v1/results", "1", AUTHORIZATION));

            // A sync is done by each instance for its own targets: checked everywhere first, then written.
            received.clear();
            String ownedHere = IntStream.range(0, 50).mapToObj(i -> "sync-multi-" + i)
                    .filter(id -> metadata.ownsHere(QueryTopology.TARGETS_STORE, id)).findFirst().orElseThrow();
            given().header("Authorization", AUTHORIZATION).contentType("application/json")
                    .body("{\"managedBy\": \"team\", \"targets\": [{\"id\": \"" + ownedHere
                            + "\", \"heartbeat\": {\"ttl\": \"1m\"}}]}")
                    .put("/v1/targets").then().statusCode(200)
                    .body("created", equalTo(List.of("peer-new", ownedHere)))
                    .body("deleted", equalTo(List.of("peer-old")));
            assertThat(received).extracting(Received::method, Received::pathAndQuery).containsExactly(
                    tuple("PUT", "/v1/targets?dryRun=true"), tuple("PUT", "/v1/targets"));
            await().atMost(SETTLE).until(() -> readModel.target(ownedHere).isPresent());

            // The peer hangs while the group still names it the owner: past the forward timeout (1 s), a read is
            // answered from the standby copy, a write refused.
            hangUntil = new CountDownLatch(1);
            long start = System.nanoTime();
            given().get("/v1/targets/{id}/circuit", ownedByPeer).then().statusCode(200)
                    .header(InstanceRequest.STALE_HEADER, "true").body("state", equalTo("OPEN"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            given().header("Authorization", AUTHORIZATION).post("/v1/targets/{id}/pause", ownedByPeer)
                    .then().statusCode(503).header("Retry-After", "1");
            given().header("Authorization", AUTHORIZATION).contentType("application/json")
                    .body(pushedResults(ownedByPeer)).post("/v1/results").then().statusCode(503)
                    .header("Retry-After", "1").body("retry", equalTo(1)).body("items[0].retry", equalTo(true));
            hangUntil.countDown();
            hangUntil = null;

            // The peer stops while the group still names it the owner: the standby copy answers at once.
            peerServer.stop(0);
            given().get("/v1/targets/{id}/circuit", ownedByPeer).then().statusCode(200)
                    .header(InstanceRequest.STALE_HEADER, "true").body("state", equalTo("OPEN"));
            // Writes and lists are not answered from copies or in part.
            given().header("Authorization", AUTHORIZATION).post("/v1/targets/{id}/heartbeats", ownedByPeer)
                    .then().statusCode(503).header("Retry-After", "1");
            given().get("/v1/summary").then().statusCode(503);
        } finally {
            CountDownLatch hang = hangUntil;
            if (hang != null) {
                hang.countDown();
            }
            peerServer.stop(0);
            peer.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
        }
    }
}

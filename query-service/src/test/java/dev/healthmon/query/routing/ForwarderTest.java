package dev.healthmon.query.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forward itself, against stand-in instances: what the owner receives, what comes back, and how a hung or
 * stopped owner fails.
 */
class ForwarderTest {

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<HttpServer> servers = new ArrayList<>();
    // Released after each test, so that handlers made to hang do not outlive it.
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    @AfterEach
    void stop() {
        endOfTest.countDown();
        servers.forEach(server -> server.stop(0));
        handlers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private HostInfo instance(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", handler);
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return new HostInfo("localhost", server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theRequestIsPassedOnMarkedAsForwardedAndTheAnswerComesBackWithItsHeaders() throws Exception {
        List<String> received = new ArrayList<>();
        HostInfo owner = instance(exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            received.add(exchange.getRequestHeaders().getFirst(InstanceRequest.FORWARDED_HEADER));
            received.add(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Location", "http://owner:8080/v1/targets/shop");
            exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.getResponseHeaders().add(InstanceRequest.STALE_HEADER, "true");
            answer(exchange, 201, "{\"id\": \"shop\"}");
        });
        Forwarder forwarder = new Forwarder(vertx, Duration.ofSeconds(5), 4);

        InstanceResponse response = forwarder.send(owner, new InstanceRequest("PUT", "/v1/targets/shop?note=a%20b",
                "Bearer token", "application/yaml", "name: Shop".getBytes(StandardCharsets.UTF_8), false))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(received).containsExactly("PUT /v1/targets/shop?note=a%20b", "1", "Bearer token",
                "application/yaml", "name: Shop");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.location()).isEqualTo("http://owner:8080/v1/targets/shop");
        assertThat(response.retryAfter()).isEqualTo("3");
        assertThat(response.stale()).isTrue();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"shop\"}");
    }

    @Test
    void anOwnerThatDoesNotAnswerIsUnreachableOnceTheTimeoutHasPassed() throws Exception {
        HostInfo hung = instance(exchange -> {
            try {
                endOfTest.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Duration timeout = Duration.ofMillis(500);
        Forwarder forwarder = new Forwarder(vertx, timeout, 4);

        long start = System.nanoTime();
        Uni<InstanceResponse> answer = forwarder.send(hung, InstanceRequest.of("GET", "/v1/targets/shop", null,
                false));
        assertThatThrownBy(() -> answer.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(OwnerUnreachableException.class)
                .hasMessageContaining("localhost:" + hung.port() + " did not answer");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStoppedOwnerIsUnreachableWithoutWaitingForTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Forwarder forwarder = new Forwarder(vertx, Duration.ofSeconds(30), 4);

        long start = System.nanoTime();
        assertThatThrownBy(() -> forwarder.send(new HostInfo("localhost", closedPort),
                InstanceRequest.of("GET", "/v1/targets/shop", null, false)).await().atMost(Duration.ofSeconds(60)))
                .isInstanceOf(OwnerUnreachableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void severalInstancesAreAskedAtOnce() throws Exception {
        // Each stand-in answers only once both have been asked: sent one after the other, neither would answer.
        CountDownLatch bothAsked = new CountDownLatch(2);
        HttpHandler answersWhenBothAsked = exchange -> {
            bothAsked.countDown();
            try {
                boolean together = bothAsked.await(10, TimeUnit.SECONDS);
                answer(exchange, together ? 200 : 500, "{}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        HostInfo first = instance(answersWhenBothAsked);
        HostInfo second = instance(answersWhenBothAsked);
        Forwarder forwarder = new Forwarder(vertx, Duration.ofSeconds(20), 4);
        InstanceRequest request = InstanceRequest.of("GET", "/v1/summary", null, false);

        List<InstanceResponse> answers = Uni.combine().all()
                .unis(List.of(forwarder.send(first, request), forwarder.send(second, request)))
                .with(InstanceResponse.class, both -> both).await().atMost(Duration.ofSeconds(30));

        assertThat(answers).extracting(InstanceResponse::status).containsExactly(200, 200);
    }
}

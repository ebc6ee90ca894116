package dev.healthmon.prober.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.EmbeddedKafkaBroker;
import dev.healthmon.prober.ProberInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while the prober runs: probing goes on, results are buffered up to the bound with the
 * oldest dropped and counted, and when the broker is back on the same address the buffered results arrive.
 */
class BrokerOutageTest {

    private static final int BUFFER = 30;

    @TempDir
    Path dataDir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void resultsAreBufferedWhileTheBrokerIsDownAndArriveWhenItReturns() throws Exception {
        int port = freePort();
        Path data = Files.createDirectories(dataDir.resolve("kafka"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, data);
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().end("ok"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProberInstance prober = null;
        try (TestTopics topics = new TestTopics(broker.bootstrapServers())) {
            for (String id : List.of("a", "b", "c")) {
                topics.put(TestTargets.http(id, "http://127.0.0.1:" + server.actualPort() + "/", 200).build());
            }
            prober = TestProbers.start(TestProbers.settings(broker.bootstrapServers(), "eu", "prober-a", BUFFER,
                    Duration.ofSeconds(3)), topics.prefix, registry);
            ProberInstance running = prober;
            await().atMost(Duration.ofSeconds(60)).until(() -> running.isReady() && topics.results.size() >= 10);

            broker.close();
            broker = null;
            Instant down = Instant.now();
            double probesBefore = counter(registry, "healthmon.prober.probes");
            // Probing goes on without the broker, and the buffer overflows: the oldest results are dropped. (How
            // many probes the overflow takes depends on what was still unsent at the stop, so both are awaited.)
            await().atMost(Duration.ofSeconds(60)).until(() -> counter(registry, "healthmon.prober.results.dropped")
                    > 0 && counter(registry, "healthmon.prober.probes") > probesBefore + 10);
            assertThat(gauge(registry, "healthmon.prober.results.buffered")).isPositive();
            assertThat(running.isDelivering()).isFalse();
            assertThat(running.isAlive()).isTrue();

            broker = EmbeddedKafkaBroker.start(port, data);
            Instant up = Instant.now();
            // The newest results of the outage were kept and arrive once the producer has reconnected.
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.results.stream().anyMatch(result ->
                    result.getStartedAt().isAfter(down.plusSeconds(1)) && result.getStartedAt().isBefore(up)));
            await().atMost(Duration.ofSeconds(30)).until(running::isDelivering);
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.results.stream()
                    .anyMatch(result -> result.getStartedAt().isAfter(up)));
        } finally {
            if (prober != null) {
                prober.close();
            }
            if (broker != null) {
                broker.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}

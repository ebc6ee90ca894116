package dev.healthmon.prober.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.prober.check.SocketBudget;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged prober, as a process of its own, runs out of something of its own: its failures are never blamed on
 * the targets. Descriptors: its limit is lowered while it runs (prlimit), below what its probes in flight need;
 * the runs it cannot check publish nothing (no {@code DOWN} for a healthy target), are counted by reason and
 * logged, and the prober is not ready until the shortage has passed. Stopping: a SIGTERM while probes are in
 * flight publishes no failure the stop caused.
 */
@ExtendWith(KafkaExtension.class)
class OwnFailuresIT {

    private static final int TARGETS = 100;
    private static final long INTERVAL_MS = 2_000;
    /** The server answers after this long, so that each probe holds its socket for most of its interval. */
    private static final long ANSWER_AFTER_MS = 1_500;

    private Vertx vertx;
    private HttpServer slow;
    private TestTopics topics;
    private Process prober;
    private Path log;
    private int httpPort;
    private String softLimit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start(@BootstrapServers String bootstrapServers) throws Exception {
        vertx = Vertx.vertx();
        slow = vertx.createHttpServer()
                .requestHandler(request -> vertx.setTimer(ANSWER_AFTER_MS, t -> request.response().end("ok")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        topics = new TestTopics(bootstrapServers);
        for (int i = 0; i < TARGETS; i++) {
            topics.put(TestTargets.http("slow-" + i, "http://127.0.0.1:" + slow.actualPort() + "/", INTERVAL_MS)
                    .setSchedule(new Schedule(INTERVAL_MS, 4_000L, 0L)).build());
        }
        httpPort = freePort();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        log = Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.prefix + "prober.log");
        prober = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dhealthmon.topics.prefix=" + topics.prefix,
                "-Dhealthmon.prober.region=own-" + topics.prefix.substring(3, 11),
                "-Dhealthmon.prober.instance-id=own-failures",
                "-Dquarkus.http.port=" + httpPort,
                "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> status("/q/health/ready") == 200 || !prober.isAlive());
        assertThat(prober.isAlive()).as("the prober started; see %s", log).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.results.size() >= TARGETS);
        softLimit = Files.readAllLines(Path.of("/proc", Long.toString(prober.pid()), "limits")).stream()
                .filter(line -> line.startsWith("Max open files")).map(line -> line.split("\\s+", -1)[3]).findFirst()
                .orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        if (prober != null) {
            prober.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        topics.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void runningOutOfDescriptorsIsTheProbersFailureNotTheTargets() throws Exception {
        assumeTrue(SystemCommands.works("prlimit", "--version"), "prlimit (util-linux) is not installed: skipped");
        // About 75 probes are in flight, each holding a socket. The limit is lowered (the soft one, which the
        // process could raise again itself) to leave the probes 25 sockets beside what the prober keeps for
        // everything else: the process still has descriptors to spare, its probes do not.
        long others = descriptors() - probeSockets();
        assertThat(others).as("descriptors the prober holds besides its probes' sockets")
                .isLessThan(SocketBudget.RESERVE);
        String pid = Long.toString(prober.pid());
        SystemCommands.run("prlimit", "--pid", pid, "--nofile=" + (SocketBudget.RESERVE + 25) + ":");
        Instant starved = Instant.now();
        try {
            // Logged at a bounded rate, with the reason and what failed.
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log)
                    .contains("no result published (NO_DESCRIPTOR: the probes' sockets take all 25 descriptors"));
            await().atMost(Duration.ofSeconds(30)).until(() -> body("/q/health/ready")
                    .contains("\"ownFailure\": \"NO_DESCRIPTOR\""));
            assertThat(status("/q/health/ready")).isEqualTo(503);
            // Once the probes started before the change are done, the budget holds.
            await().atMost(Duration.ofSeconds(10)).until(() -> probeSockets() <= 25);
        } finally {
            SystemCommands.run("prlimit", "--pid", pid, "--nofile=" + softLimit + ":");
        }
        Instant restored = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/q/health/ready") == 200);
        assertThat(body("/q/metrics")).containsPattern(
                "healthmon_prober_runs_not_checked_total\\{reason=\"NO_DESCRIPTOR\"\\} [1-9]");
        // Probing goes on once descriptors are back.
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.results.stream()
                .filter(result -> result.getStartedAt().isAfter(restored)).count() >= TARGETS);
        // Every result is UP: the runs that found no descriptor published nothing, and a gap is all they left.
        assertThat(topics.results).allSatisfy(result -> assertThat(result.getOutcome())
                .as("%s", result).isEqualTo(Outcome.UP));
        long whileStarved = topics.results.stream().filter(result -> result.getStartedAt().isAfter(starved)
                && result.getStartedAt().isBefore(restored)).count();
        long atFullRate = TARGETS * Duration.between(starved, restored).toMillis() / INTERVAL_MS;
        assertThat(whileStarved).as("results while starved, of %d at the full rate", atFullRate)
                .isLessThan(atFullRate * 8 / 10);
    }

    @Test
    void stoppingWithProbesInFlightBlamesNoTarget() throws Exception {
        // Stopped while about 75 probes wait for their answers: their connections are closed by the stop.
        prober.destroy();
        assertThat(prober.waitFor(60, TimeUnit.SECONDS)).as("the prober stopped").isTrue();
        // Whatever was still read after the stop is in by now.
        int seen = topics.results.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> topics.results.size() == seen);
        assertThat(topics.results).allSatisfy(result -> assertThat(result.getOutcome())
                .as("%s", result).isEqualTo(Outcome.UP));
    }

    /**
     * The prober's sockets towards the slow server that hold a descriptor, from the kernel's table of the prober's
     * network namespace (closed ones waiting out TIME_WAIT have no inode: they hold none).
     */
    private long probeSockets() throws IOException {
        String port = String.format(Locale.ROOT, ":%04X", slow.actualPort());
        long count = 0;
        for (String table : List.of("tcp", "tcp6")) {
            count += Files.readAllLines(Path.of("/proc", Long.toString(prober.pid()), "net", table)).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields[2].endsWith(port) && !fields[9].equals("0")).count();
        }
        return count;
    }

    private long descriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(prober.pid()), "fd"))) {
            return fds.count();
        }
    }

    private int status(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./healthmon-local} as a newcomer would, against the packaged services: the broker and the three
 * services start as separate processes and become ready, and a stop leaves no process behind.
 */
class LocalStackSmokeIT {

    private static final Path HOME = PackagedProcess.HOME;
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("query", 8080, "prober", 8081, "analyzer", 8082);
    private static final List<Integer> STACK_PORTS = List.of(9092, 8080, 8081, 8082);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path state;

    private Process stack;
    private Path output;

    @BeforeEach
    void portsAreFree() {
        // The stack uses fixed ports (the examples name them); a stack already running here would be tested instead.
        STACK_PORTS.forEach(port -> assertThat(isFree(port)).as("port %d is free", port).isTrue());
    }

    @AfterEach
    void leaveNothingBehind() {
        if (stack != null && stack.isAlive()) {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
        }
    }

    @Test
    void theStackStartsBecomesReadyAndStopsWithoutLeavingAProcess() throws Exception {
        start(Map.of());

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> output().contains("healthmon is running") || !stack.isAlive());
        assertThat(stack.isAlive()).as("the stack is running; its output:%n%s", output()).isTrue();

        for (var service : SERVICE_PORTS.entrySet()) {
            HttpResponse<String> ready = get(service.getValue(), "/q/health/ready");
            assertThat(ready.statusCode()).as("%s readiness: %s", service.getKey(), ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\": \"UP\"");
            assertThat(get(service.getValue(), "/q/metrics").body()).contains("jvm_memory_used_bytes");
        }
        assertThat(get(8080, "/v1/targets").body()).contains("kafka-broker", "nothing-on-port-1");

        List<ProcessHandle> started = stack.descendants().toList();
        assertThat(started).as("broker and three services").hasSizeGreaterThanOrEqualTo(4);

        stack.destroy(); // SIGTERM, as a service manager would send; Ctrl-C takes the same path
        await().atMost(Duration.ofSeconds(30)).until(() -> output().contains("stopping"));
        stack.destroy(); // an impatient second signal must not orphan the processes being stopped
        assertThat(stack.waitFor(90, TimeUnit.SECONDS)).as("the script stops").isTrue();
        assertThat(stack.exitValue()).as(output()).isZero();
        assertThat(started).noneMatch(ProcessHandle::isAlive);
        assertThat(output()).contains("stopped");
    }

    @Test
    void aServiceThatFailsToStartStopsEverythingAndSaysWhy() throws Exception {
        // A configuration value the services cannot convert makes them exit at start-up.
        start(Map.of("HEALTHMON_TOPICS_PARTITIONS", "many"));

        Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            stack.descendants().forEach(started::add);
            return !stack.isAlive();
        });

        assertThat(stack.exitValue()).isEqualTo(1);
        assertThat(output()).contains("exited before it was ready", "failed to start", "healthmon.topics.partitions");
        assertThat(started).as("the broker was started").isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    private void start(Map<String, String> extraEnv) throws IOException {
        output = state.resolve("healthmon-local.out");
        ProcessBuilder builder = new ProcessBuilder("bash", HOME.resolve("healthmon-local").toString())
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("HEALTHMON_LOCAL_DIR", state.resolve("local").toString());
        builder.environment().putAll(extraEnv);
        stack = builder.start();
    }

    private String output() throws IOException {
        return Files.readString(output);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

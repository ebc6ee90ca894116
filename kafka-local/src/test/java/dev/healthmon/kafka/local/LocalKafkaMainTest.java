package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone broker as the local stack runs it: a process of its own, stopped by SIGTERM. */
class LocalKafkaMainTest {

    @Test
    void announcesItselfServesTheTopicsAndShutsDownCleanlyOnSigterm(@TempDir Path dataDir) throws Exception {
        int port = LocalKafkaTest.freePort();
        Process process = launch(dataDir.resolve("stderr.log"), "--port", Integer.toString(port),
                "--data-dir", dataDir.resolve("kafka").toString(), "--topic-prefix", "main.", "--partitions", "3");
        List<String> stdout = collectLines(process);
        try {
            String ready = "kafka-local ready on localhost:" + port;
            await().atMost(TIMEOUT).until(() -> stdout.contains(ready) || !process.isAlive());
            assertThat(stdout).as(Files.readString(dataDir.resolve("stderr.log"))).containsExactly(ready);

            List<String> names = new TopicCatalogue("main.", 3, (short) 1).all().stream().map(Topic::name).toList();
            try (Admin admin = Clients.admin("localhost:" + port)) {
                assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .containsAll(names);
            }
        } finally {
            process.destroy();
        }

        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
        assertThat(process.exitValue()).isEqualTo(143);
        // The broker writes this marker into its log directory only when it shuts down cleanly.
        try (Stream<Path> files = Files.walk(dataDir.resolve("kafka"))) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).contains(".kafka_cleanshutdown");
        }
    }

    @Test
    void exitsWithCode2AndTheUsageOnABadCommandLine(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.log");
        Process process = launch(stderr, "--port", "not-a-port");

        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("--port needs a number").contains("Usage:");
    }

    private static Process launch(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LocalKafka.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static List<String> collectLines(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("Cannot read the output: " + e);
            }
        }, "local-kafka-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}

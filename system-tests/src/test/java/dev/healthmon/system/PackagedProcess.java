package dev.healthmon.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One packaged healthmon part (the broker or a service) running as its own JVM, its output in a log file. */
final class PackagedProcess implements AutoCloseable {

    static final Path HOME = Path.of(System.getenv().getOrDefault("HEALTHMON_HOME", "..")).toAbsolutePath();
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final String name;
    private final Process process;
    private final Path log;

    private PackagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The kafka-local broker on {@code port}, with its data in {@code dataDir}. */
    static PackagedProcess broker(int port, Path dataDir, Path logs) throws IOException {
        Path jar = HOME.resolve("kafka-local/target/healthmon-kafka-local-" + VERSION + ".jar");
        return start("kafka", logs, List.of("-jar", jar.toString(), "--port", Integer.toString(port), "--data-dir",
                dataDir.toString()));
    }

    /** The Quarkus service {@code module} (prober, analyzer, query) with the given system properties. */
    static PackagedProcess service(String module, Path logs, List<String> properties) throws IOException {
        Path jar = HOME.resolve(module + "-service/target/quarkus-app/quarkus-run.jar");
        List<String> args = new ArrayList<>(properties.stream().map(p -> "-D" + p).toList());
        args.addAll(List.of("-jar", jar.toString()));
        return start(module, logs, args);
    }

    private static PackagedProcess start(String name, Path logs, List<String> args) throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC", "-Xmx512m"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PackagedProcess(name, process, log);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Why this process is not what a test expected: its name and the end of its log. */
    String describe() {
        try {
            List<String> lines = Files.readAllLines(log);
            return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")") + ", log tail:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return name + ": " + e;
        }
    }

    /** SIGTERM, as a service manager would stop it; SIGKILL if it has not exited within the grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

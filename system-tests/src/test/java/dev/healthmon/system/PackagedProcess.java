package dev.healthmon.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One packaged healthmon part (the broker or a service) running as its own JVM, its output in a log file. Whatever is
 * still running when the test JVM exits (a test that failed before its cleanup, a JVM stopped by the build) is killed
 * (SIGKILL) by a shutdown hook, so that no broker or service outlives its test.
 */
public final class PackagedProcess implements AutoCloseable {

    public static final Path HOME = Path.of(System.getenv().getOrDefault("HEALTHMON_HOME", "..")).toAbsolutePath();
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }), "packaged-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private PackagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The kafka-local broker on {@code port}, with its data in {@code dataDir} and further options, if any. */
    public static PackagedProcess broker(int port, Path dataDir, Path logs, String... options) throws IOException {
        Path jar = HOME.resolve("kafka-local/target/healthmon-kafka-local-" + VERSION + ".jar");
        List<String> args = new ArrayList<>(List.of("-jar", jar.toString(), "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        return start("kafka", logs, List.of(), args);
    }

    /** The Quarkus service {@code module} (prober, analyzer, query) with the given system properties. */
    public static PackagedProcess service(String module, Path logs, List<String> properties) throws IOException {
        return service(module, module, logs, properties);
    }

    /** As {@link #service(String, Path, List)}, named {@code name} in its log's name and in descriptions. */
    public static PackagedProcess service(String module, String name, Path logs, List<String> properties)
            throws IOException {
        return service(module, name, List.of(), logs, properties);
    }

    /**
     * As {@link #service(String, String, Path, List)}, started through {@code launcher}: words put before the java
     * command, such as {@code ip netns exec <namespace>} (which execs java, so the process stays the JVM).
     */
    public static PackagedProcess service(String module, String name, List<String> launcher, Path logs,
            List<String> properties) throws IOException {
        return service(module, name, launcher, List.of(), logs, properties);
    }

    /** As {@link #service(String, String, List, Path, List)}, with JVM options of its own (a flight recording, say). */
    public static PackagedProcess service(String module, String name, List<String> launcher, List<String> jvmOptions,
            Path logs, List<String> properties) throws IOException {
        Path jar = HOME.resolve(module + "-service/target/quarkus-app/quarkus-run.jar");
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(properties.stream().map(p -> "-D" + p).toList());
        args.addAll(List.of("-jar", jar.toString()));
        return start(name, logs, launcher, args);
    }

    private static PackagedProcess start(String name, Path logs, List<String> launcher, List<String> args)
            throws IOException {
        Files.createDirectories(logs);
        // A process started again under the same name keeps the earlier run's log: name.log, name-2.log, ...
        Path log = logs.resolve(name + ".log");
        for (int run = 2; Files.exists(log); run++) {
            log = logs.resolve(name + "-" + run + ".log");
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaExecutable(), "-XX:+UseSerialGC", "-Xmx512m"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RUNNING.add(process);
        forgetOnExit(process);
        return new PackagedProcess(name, process, log);
    }

    // The reaper need not kill what has exited; the future of that removal has nothing to tell.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void forgetOnExit(Process process) {
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether the service on {@code port} answers its readiness check with 200. */
    public static boolean isReady(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, as a crash or the OOM killer would end it; returns once it has exited. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as a service manager asks it to stop; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code limit} for the process to exit; its exit status, if it has. */
    public OptionalInt awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /** Why this process is not what a test expected: its name and the end of its log. */
    public String describe() {
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

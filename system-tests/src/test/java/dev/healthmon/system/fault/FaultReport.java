package dev.healthmon.system.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures a fault case measured: printed, and appended to {@code target/fault-suite.md}, one line per case, so
 * that a run's figures can be copied to docs/benchmarks.md.
 */
final class FaultReport {

    private static final Path FILE = Path.of("target", "fault-suite.md");

    private FaultReport() {
    }

    /** A case's figures, and how many of its events were false or missing. */
    static void record(String name, FaultCase.Outcome outcome, String... figures) {
        record(name, String.join(" | ", figures) + " | " + outcome.violations().size()
                + " false or missing events");
    }

    static void record(String name, String figures) {
        String line = "| " + name + " | " + figures + " |";
        System.out.println("[fault-suite] " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds with one decimal from one moment to another, or "never" when the second did not come. */
    static String seconds(Instant from, Optional<Instant> to) {
        return to.map(t -> seconds(Duration.between(from, t))).orElse("never");
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    /** Median and maximum of the latencies of outages, with their count. */
    static String latencies(List<Duration> sorted) {
        return latencies(sorted, "outages");
    }

    /** Median and maximum of latencies, with their count of {@code what}. */
    static String latencies(List<Duration> sorted, String what) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format("%d %s, median %s, max %s", sorted.size(), what, seconds(sorted.get(sorted.size() / 2)),
                seconds(sorted.get(sorted.size() - 1)));
    }
}

package dev.healthmon.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a process has used, in all and by thread, read from {@code /proc} (user + system time, in clock
 * ticks): what a benchmark divides by the work done in a window. Threads are named by {@code comm}, which Linux cuts
 * to 15 characters.
 */
record ProcessCpu(long pid, long processTicks, Map<String, Long> ticksByThread) {

    /** Linux's {@code USER_HZ}, which {@code /proc} counts CPU time in on every architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    /** The process's CPU time now; a thread that has exited since is in the total only. */
    static ProcessCpu of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Map<String, Long> byThread = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            tasks.forEach(task -> {
                String stat = readStat(task);
                if (stat != null) {
                    byThread.put(task.getFileName() + " " + comm(stat), ticks(stat));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the threads of process " + pid, e);
        }
        String stat = readStat(proc);
        if (stat == null) {
            throw new IllegalStateException("Process " + pid + " has exited");
        }
        return new ProcessCpu(pid, ticks(stat), byThread);
    }

    /** CPU time used between {@code earlier} and this sample. */
    Duration since(ProcessCpu earlier) {
        return Duration.ofMillis((processTicks - earlier.processTicks) * 1_000 / TICKS_PER_SECOND);
    }

    /** The share of the process's CPU time since {@code earlier} taken by threads whose name starts so. */
    double shareSince(ProcessCpu earlier, String threadNamePrefix) {
        long all = 0;
        long matching = 0;
        for (Map.Entry<String, Long> thread : ticksByThread.entrySet()) {
            long used = thread.getValue() - earlier.ticksByThread.getOrDefault(thread.getKey(), 0L);
            all += used;
            if (name(thread.getKey()).startsWith(threadNamePrefix)) {
                matching += used;
            }
        }
        return all == 0 ? 0 : (double) matching / all;
    }

    /** The share of the process's CPU time since {@code earlier} taken by its busiest thread, and its name. */
    Map.Entry<String, Double> busiestSince(ProcessCpu earlier) {
        long all = 0;
        Map.Entry<String, Long> busiest = Map.entry("none", 0L);
        for (Map.Entry<String, Long> thread : ticksByThread.entrySet()) {
            long used = thread.getValue() - earlier.ticksByThread.getOrDefault(thread.getKey(), 0L);
            all += used;
            if (used > busiest.getValue()) {
                busiest = Map.entry(name(thread.getKey()), used);
            }
        }
        return Map.entry(busiest.getKey(), all == 0 ? 0 : (double) busiest.getValue() / all);
    }

    private static String name(String threadKey) {
        return threadKey.substring(threadKey.indexOf(' ') + 1);
    }

    private static String readStat(Path dir) {
        try {
            return Files.readString(dir.resolve("stat"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String comm(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    // Fields 14 and 15 of stat(5), utime and stime; counted after the command, which may hold spaces.
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

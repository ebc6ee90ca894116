package dev.healthmon.system.netns;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A network namespace of a {@link NetworkLab}, or the root namespace (where no rule may be put). */
public final class Namespace {

    private final String name;

    Namespace(String name) {
        this.name = name;
    }

    boolean isRoot() {
        return name == null;
    }

    public String name() {
        if (isRoot()) {
            throw new IllegalStateException("the root namespace has no name");
        }
        return name;
    }

    /** The words that run a command inside this namespace: {@code ip netns exec <name>}, none for the root one. */
    public List<String> launcher() {
        return isRoot() ? List.of() : List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside the namespace; fails with its output unless it succeeds. */
    public void run(String... command) {
        output(command);
    }

    /** Runs a command inside the namespace and returns its output; fails with it unless it succeeds. */
    public String output(String... command) {
        List<String> full = new ArrayList<>(launcher());
        full.addAll(List.of(command));
        return NetworkLab.Commands.output(full.toArray(String[]::new));
    }

    /** An iptables command in this namespace's own tables; never in the root namespace's. */
    public void iptables(String... arguments) {
        if (isRoot()) {
            throw new IllegalStateException("rules go into the lab's namespaces, never into the root one");
        }
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
    }

    /** A sysctl of this namespace's network stack; never of the root namespace's. */
    public void sysctl(String key, String value) {
        if (isRoot()) {
            throw new IllegalStateException("the root namespace's settings are not the lab's to change");
        }
        run("sysctl", "-q", "-w", key + "=" + value);
    }

    /** An address of this namespace's own, on its loopback (a /32, so that it is routed nowhere else). */
    public void addLoopbackAddress(String address) {
        run("ip", "addr", "add", address + "/32", "dev", "lo");
    }

    /** Routes {@code destination} (an address or a CIDR) through {@code gateway}. */
    public void route(String destination, String gateway) {
        run("ip", "route", "add", destination, "via", gateway);
    }

    /** This namespace's TCP sockets in {@code state} (as {@code ss} names it, e.g. {@code syn-sent}). */
    public long tcpSockets(String state) {
        return output("ss", "-Htan", "state", state).lines().filter(line -> !line.isBlank()).count();
    }

    /**
     * Kills every process inside and removes the namespace, its links going with it; fails after removing it if
     * what ran inside has not ended within seconds of SIGKILL.
     */
    void remove() {
        if (isRoot()) {
            throw new IllegalStateException("the root namespace stays");
        }
        try {
            await("the processes in namespace " + name + " ended").atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(this::killedEverythingInside);
        } finally {
            NetworkLab.Commands.works("ip", "netns", "del", name);
        }
    }

    /** Sends SIGKILL to every process inside; true once none is left (or the namespace is gone). */
    private boolean killedEverythingInside() {
        String pids;
        try {
            pids = NetworkLab.Commands.output("ip", "netns", "pids", name).strip();
        } catch (IllegalStateException gone) {
            return true;
        }
        if (pids.isEmpty()) {
            return true;
        }
        for (String pid : pids.split("\\s+", -1)) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        return false;
    }

    @Override
    public String toString() {
        return isRoot() ? "root" : name;
    }
}

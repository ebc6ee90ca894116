package dev.healthmon.system.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network of a test's own, made of Linux network namespaces joined by veth pairs, with iptables rules inside
 * those namespaces only: the root namespace gets nothing but the root ends of the links a test asks for (one /30
 * each, never a rule), so the machine's own traffic, loopback included, is never touched. Everything is named
 * after the run ({@code hm-<pid>-<random>}) and addressed in a /23 of 10.64.0.0/10 that nothing else here uses,
 * so that runs of several engineers at once never meet. {@link #close} removes it all, also after a failed test;
 * namespaces left by a run that was killed (its pid gone) are removed by the next run.
 *
 * <p>Addresses: link {@code k} is {@code 10.a.b.(4k)/30} (its two ends {@code .4k+1} and {@code .4k+2});
 * addresses for services are taken from {@code 10.a.(b+1).0/24}.
 */
public final class NetworkLab implements AutoCloseable {

    private static final String PREFIX = "hm-";

    private final String run;
    private final String linkPrefix;
    private final int a;
    private final int b;
    private final Namespace root = new Namespace(null);
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<AutoCloseable> relays = new ArrayList<>();
    /** Processes and the like to close before the network goes, last first. */
    private final List<AutoCloseable> owned = new ArrayList<>();
    private int links;
    private final Thread cleanUpOnExit = new Thread(this::close, "network-lab-clean-up");

    private NetworkLab() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String tag = Integer.toHexString(random.nextInt(0x1000, 0x10000));
        this.run = PREFIX + ProcessHandle.current().pid() + "-" + tag;
        this.linkPrefix = "h" + tag;
        String routes = root.output("ip", "-4", "route", "show", "table", "all") + root.output("ip", "-4", "addr");
        int first;
        int second;
        do {
            first = random.nextInt(64, 128);
            second = random.nextInt(0, 128) * 2;
        } while (routes.contains("10." + first + "." + second + ".") || routes.contains("10." + first + "."
                + (second + 1) + "."));
        this.a = first;
        this.b = second;
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    }

    /**
     * Why this machine cannot build such a network, if it cannot: the test says so and is skipped. It needs Linux,
     * root, {@code ip} (iproute2) and {@code iptables}, and a namespace it can make and put a rule in.
     */
    public static Optional<String> unavailable() {
        if (!Files.isDirectory(Path.of("/proc/self/ns"))) {
            return Optional.of("no Linux network namespaces here");
        }
        if (!Commands.output("id", "-u").strip().equals("0")) {
            return Optional.of("network namespaces and iptables need root");
        }
        for (String program : List.of("ip", "iptables", "ss")) {
            if (!Commands.works("sh", "-c", "command -v " + program)) {
                return Optional.of("'" + program + "' is not installed (.ci/run installs iptables with apt-get)");
            }
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Commands.run("ip", "netns", "add", probe);
            Commands.run("ip", "netns", "exec", probe, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "9",
                    "-j", "REJECT", "--reject-with", "tcp-reset");
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of("cannot make a network namespace with a rule in it: " + e.getMessage());
        } finally {
            Commands.works("ip", "netns", "del", probe);
        }
    }

    /** A new lab, after removing what runs that were killed left behind. */
    public static NetworkLab create() {
        removeLeftovers();
        return new NetworkLab();
    }

    private static void removeLeftovers() {
        for (String line : Commands.output("ip", "netns", "list").split("\n", -1)) {
            String name = line.split(" ", -1)[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = name.split("-", -1);
            boolean ownerGone = parts.length > 1 && parts[1].chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty();
            if (ownerGone) {
                new Namespace(name).remove();
            }
        }
    }

    /** The root namespace, where the test and the broker run: links may end in it, rules may not be put in it. */
    public Namespace root() {
        return root;
    }

    /** A new namespace, its loopback up. */
    public Namespace namespace(String role) {
        Namespace namespace = new Namespace(run + "-" + role);
        Commands.run("ip", "netns", "add", namespace.name());
        namespaces.add(namespace);
        namespace.run("ip", "link", "set", "lo", "up");
        return namespace;
    }

    /** A veth pair between two namespaces (either may be the root one), addressed and up. */
    public Link link(Namespace left, Namespace right) {
        int k = links++;
        if (k >= 64) {
            throw new IllegalStateException("a lab has at most 64 links");
        }
        Link link = new Link(left, right, linkPrefix + k + "a", linkPrefix + k + "b",
                "10." + a + "." + b + "." + (4 * k + 1), "10." + a + "." + b + "." + (4 * k + 2));
        Commands.run("ip", "link", "add", link.leftDevice(), "type", "veth", "peer", "name", link.rightDevice());
        for (boolean isLeft : new boolean[] {true, false}) {
            Namespace side = isLeft ? left : right;
            String device = isLeft ? link.leftDevice() : link.rightDevice();
            if (!side.isRoot()) {
                Commands.run("ip", "link", "set", device, "netns", side.name());
            }
            side.run("ip", "addr", "add", (isLeft ? link.leftAddress() : link.rightAddress()) + "/30", "dev", device);
            side.run("ip", "link", "set", device, "up");
        }
        return link;
    }

    /** The {@code n}-th address kept for services (1–254), routed nowhere until a test says where it lives. */
    public String serviceAddress(int n) {
        return "10." + a + "." + (b + 1) + "." + n;
    }

    /** The /24 the service addresses are in. */
    public String serviceNetwork() {
        return "10." + a + "." + (b + 1) + ".0/24";
    }

    /**
     * Makes {@code port} on the loopback of {@code namespace} reach {@code port} on the root namespace's loopback,
     * over {@code link} (which joins the two), so that an address advertised as {@code localhost:port} (the
     * broker's) means the same server in the namespace as in the root one. Inside the namespace a DNAT rule sends
     * its loopback connections to the link's root end; there the test itself relays them to the loopback.
     */
    public void forwardLoopbackPort(Namespace namespace, Link link, int port) {
        String rootEnd = link.addressIn(root);
        namespace.sysctl("net.ipv4.conf.all.route_localnet", "1");
        namespace.iptables("-t", "nat", "-A", "OUTPUT", "-d", "127.0.0.1", "-p", "tcp", "--dport",
                Integer.toString(port), "-j", "DNAT", "--to-destination", rootEnd + ":" + port);
        namespace.iptables("-t", "nat", "-A", "POSTROUTING", "-s", "127.0.0.1", "-d", rootEnd, "-j", "SNAT",
                "--to-source", link.addressIn(namespace));
        synchronized (relays) {
            relays.add(TcpRelay.start(rootEnd, port, "127.0.0.1", port));
        }
    }

    /** Starts a process inside {@code namespace}, its output in {@code log}; it is killed when the lab closes. */
    public Process start(Namespace namespace, List<String> command, Path log) {
        List<String> launched = new ArrayList<>(namespace.launcher());
        launched.addAll(command);
        try {
            Process process = new ProcessBuilder(launched).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            own(process::destroyForcibly);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes {@code resource} (a process of the test, in any namespace) when the lab closes, before the network
     * goes, the last one owned first: services stop while their broker still answers.
     */
    public <T extends AutoCloseable> T own(T resource) {
        synchronized (owned) {
            owned.add(resource);
        }
        return resource;
    }

    /** Closes what it owns, kills every process left in its namespaces and removes them, their links, the relays. */
    @Override
    public synchronized void close() {
        synchronized (owned) {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception e) {
                    // The network goes anyway; what did not close is killed with its namespace.
                }
            }
            owned.clear();
        }
        synchronized (relays) {
            for (AutoCloseable relay : relays) {
                try {
                    relay.close();
                } catch (Exception e) {
                    // Closing the rest matters more.
                }
            }
            relays.clear();
        }
        for (Namespace namespace : namespaces) {
            namespace.remove();
        }
        namespaces.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
        } catch (IllegalStateException shuttingDown) {
            // Called by the hook itself.
        }
    }

    /** The system commands the lab runs, checked. */
    static final class Commands {

        private Commands() {
        }

        static String output(String... command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + ": " + output.strip());
                }
                return output;
            } catch (IOException e) {
                throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static void run(String... command) {
            output(command);
        }

        static boolean works(String... command) {
            try {
                output(command);
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }
    }
}

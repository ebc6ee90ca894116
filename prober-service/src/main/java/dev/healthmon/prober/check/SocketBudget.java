package dev.healthmon.prober.check;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The descriptors the probes' sockets may take: the process's limit ({@code RLIMIT_NOFILE}, read again every
 * second, so that a limit changed while the prober runs is followed) less {@link #RESERVE} for everything else
 * (the JVM and its jars, the Kafka clients, the HTTP server, the event loops). A socket beyond it is not opened:
 * its run is not checked ({@link NotCheckedReason#NO_DESCRIPTOR}), and the process itself never runs out.
 * Running out would hurt more than the probes: a class loaded after start-up may need to reopen its jar, and
 * Quarkus' class loader waits forever for a jar it failed to open (quarkusio/quarkus#48750), which stalls the
 * event loop that asked.
 */
public final class SocketBudget {

    /** Descriptors kept for everything but the probes' sockets. */
    public static final int RESERVE = 256;
    private static final long LIMIT_READ_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
    private final AtomicInteger open = new AtomicInteger();
    private volatile long limit;
    private volatile long limitReadNanos;

    public SocketBudget() {
        readLimit(System.nanoTime());
    }

    /** Takes a place for a new socket; false when the sockets open already take the whole budget. */
    boolean tryOpen() {
        long now = System.nanoTime();
        if (now - limitReadNanos >= LIMIT_READ_INTERVAL_NANOS) {
            readLimit(now);
        }
        if (open.incrementAndGet() > limit - RESERVE) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed() {
        open.decrementAndGet();
    }

    /** The probes' sockets open now. */
    public int open() {
        return open.get();
    }

    /** The probes' sockets allowed at most now. */
    public long size() {
        return Math.max(0, limit - RESERVE);
    }

    private void readLimit(long now) {
        limitReadNanos = now;
        // Unbounded where the JVM cannot tell (not a Unix system).
        limit = system instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }
}

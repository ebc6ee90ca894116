package dev.healthmon.prober.check;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.VertxThreadFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance the probes run on, apart from the application's: its event loops are the probes' own (one
 * per scheduler lane), its sockets are closed when their attempt ends ({@link ProbeTransport}) and stay within the
 * {@link SocketBudget}, and its resolver asks the configured name servers (the system's, from
 * {@code /etc/resolv.conf}, when none are given).
 */
public final class ProbeVertx {

    private ProbeVertx() {
    }

    public static Vertx create(int eventLoops, List<String> nameServers, SocketBudget budget) {
        VertxOptions options = new VertxOptions().setEventLoopPoolSize(eventLoops);
        if (!nameServers.isEmpty()) {
            options.setAddressResolverOptions(new AddressResolverOptions().setServers(nameServers));
        }
        return new VertxBuilder(options)
                .findTransport(new ProbeTransport(budget))
                .threadFactory(new VertxThreadFactory() {
                    // Told apart from the application's Vert.x threads in thread dumps and per-thread CPU figures.
                    @Override
                    public VertxThread newVertxThread(Runnable target, String name, boolean worker, long maxExecTime,
                            TimeUnit maxExecTimeUnit) {
                        return new VertxThread(target, "healthmon-probe-" + name, worker, maxExecTime,
                                maxExecTimeUnit);
                    }
                })
                .init()
                .vertx();
    }
}

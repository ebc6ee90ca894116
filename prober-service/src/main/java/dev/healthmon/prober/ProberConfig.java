package dev.healthmon.prober;

import dev.healthmon.address.DefaultDeniedAddresses;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The prober's configuration, under {@code healthmon.prober}. */
@ConfigMapping(prefix = "healthmon.prober")
public interface ProberConfig {

    /** The region this instance probes from. */
    String region();

    /** This instance's id in published results and in its Kafka client ids; unique per running instance. */
    String instanceId();

    @WithDefault("1000")
    int maxInFlight();

    /** Event loops the probes are spread over; as many as there are processors when not set. */
    Optional<Integer> probeEventLoops();

    @WithDefault("65536")
    int bodyLimitBytes();

    Safety safety();

    Publish publish();

    /** How long the group waits for a silent instance before its targets go to the others. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** The name servers checks resolve with ({@code host} or {@code host:port}); the system's when not set. */
    Optional<List<String>> nameServers();

    interface Safety {

        /** When not empty, only resolved addresses inside these CIDRs are probed. */
        Optional<List<String>> allow();

        /** Resolved addresses inside these CIDRs are never probed; replaces the default list when set. */
        @WithDefault(DefaultDeniedAddresses.SETTING)
        List<String> deny();
    }

    interface Publish {

        /** Results kept while the broker is unreachable; beyond it the oldest are dropped. */
        @WithDefault("100000")
        int bufferCapacity();

        @WithDefault("10000")
        int maxUnacknowledged();

        /** How long the producer tries to deliver a result before it goes back to the buffer. */
        @WithDefault("30s")
        Duration deliveryTimeout();

        /**
         * The producer's compression codec. lz4 gives most of the size gain of the heavier codecs for a fraction
         * of their CPU, which is what the prober is short of.
         */
        @WithDefault("lz4")
        String compression();
    }
}

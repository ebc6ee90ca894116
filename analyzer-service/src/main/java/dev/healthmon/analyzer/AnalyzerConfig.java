package dev.healthmon.analyzer;

import dev.healthmon.analyzer.topology.AnalyzerTopology;
import dev.healthmon.analyzer.topology.UptimeWindows;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The analyzer's settings, under {@code healthmon.analyzer}; each default is declared here and nowhere else, but for
 * the three that {@code application.properties} passes on to Kafka Streams, whose defaults are declared there.
 */
@ConfigMapping(prefix = "healthmon.analyzer")
public interface AnalyzerConfig {

    /** How often the wall clock is checked for stale regions, missed heartbeats and open circuits due to half-open. */
    @WithDefault("1s")
    Duration punctuationInterval();

    /**
     * The longest a live prober's result may take to be written once the broker answers again (a prober flushing
     * what it buffered): after a catch-up the wall clock judges a target's silence once the analysis has been caught
     * up for the target's staleAfter, or for this long if that is shorter.
     */
    @WithDefault("5m")
    Duration lateResultWindow();

    Uptime uptime();

    /** Kafka Streams' {@code group.instance.id}: unique per running instance, stable across its restarts. */
    String instanceId();

    /** Kafka Streams' {@code num.standby.replicas}. */
    Optional<Integer> standbyReplicas();

    /** Kafka Streams' {@code processing.guarantee}. */
    Optional<String> processingGuarantee();

    /** The uptime buckets' windows. */
    interface Uptime {

        /** A result starting up to the grace period after its bucket's end is still counted in it. */
        @WithDefault("10m")
        Duration grace();

        /** How long the 1-minute buckets stay in the analyzer's window store (the uptime topic keeps them longer). */
        @WithDefault("48h")
        Duration minuteRetention();

        /** How long the 1-hour buckets stay in the analyzer's window store. */
        @WithDefault("400d")
        Duration hourRetention();
    }

    default UptimeWindows uptimeWindows() {
        return new UptimeWindows(uptime().grace(), uptime().minuteRetention(), uptime().hourRetention());
    }

    default AnalyzerTopology.Settings settings() {
        return new AnalyzerTopology.Settings(punctuationInterval(), uptimeWindows(), lateResultWindow());
    }
}

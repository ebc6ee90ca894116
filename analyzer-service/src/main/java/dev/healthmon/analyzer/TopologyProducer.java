package dev.healthmon.analyzer;

import dev.healthmon.analyzer.topology.AnalyzerMetrics;
import dev.healthmon.analyzer.topology.AnalyzerTopology;
import dev.healthmon.analyzer.topology.UptimeWindows;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Hands the topology to quarkus-kafka-streams, which runs and health-checks it. */
public class TopologyProducer {

    @Produces
    @Singleton
    AnalyzerMetrics metrics(MeterRegistry registry) {
        return new AnalyzerMetrics(registry);
    }

    @Produces
    @Singleton
    Topology topology(TopicCatalogue topics, AnalyzerMetrics metrics,
            @ConfigProperty(name = "healthmon.analyzer.punctuation-interval", defaultValue = "1s")
            Duration punctuationInterval,
            @ConfigProperty(name = "healthmon.analyzer.uptime.grace", defaultValue = "10m") Duration uptimeGrace,
            @ConfigProperty(name = "healthmon.analyzer.uptime.minute-retention", defaultValue = "48h")
            Duration minuteRetention,
            @ConfigProperty(name = "healthmon.analyzer.uptime.hour-retention", defaultValue = "400d")
            Duration hourRetention) {
        return AnalyzerTopology.build(topics, new AnalyzerTopology.Settings(punctuationInterval,
                new UptimeWindows(uptimeGrace, minuteRetention, hourRetention)), metrics);
    }
}

package dev.healthmon.analyzer;

import dev.healthmon.analyzer.catchup.InputCatchUpTracker;
import dev.healthmon.analyzer.topology.AnalyzerMetrics;
import dev.healthmon.analyzer.topology.AnalyzerTopology;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** Hands the topology to quarkus-kafka-streams, which runs and health-checks it. */
public class AnalyzerTopologyProducer {

    @Produces
    @Singleton
    AnalyzerMetrics metrics(MeterRegistry registry) {
        return new AnalyzerMetrics(registry);
    }

    /** Asks the brokers, once per punctuation interval, how far the analysis has read its input. */
    @Produces
    @Singleton
    InputCatchUpTracker catchUp(MeterRegistry registry, AnalyzerConfig config) {
        return new InputCatchUpTracker(config.punctuationInterval(), Clock.systemUTC(), registry);
    }

    @Produces
    @Singleton
    Topology topology(TopicCatalogue topics, AnalyzerMetrics metrics, InputCatchUpTracker catchUp,
            AnalyzerConfig config) {
        return AnalyzerTopology.build(topics, config.settings(), metrics, catchUp);
    }

    /** With the connection and security settings Kafka Streams itself uses, for the application's group. */
    void startCatchUp(@Observes StartupEvent startup, InputCatchUpTracker catchUp, StreamsConfig streams,
            TopicCatalogue topics) {
        String applicationId = streams.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        catchUp.start(streams.getAdminConfigs(applicationId + "-input-catch-up"), applicationId,
                AnalyzerTopology.analysisInputs(topics, applicationId));
    }

    void stopCatchUp(@Observes ShutdownEvent shutdown, InputCatchUpTracker catchUp) {
        catchUp.close();
    }
}

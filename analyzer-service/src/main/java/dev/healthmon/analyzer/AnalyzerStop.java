package dev.healthmon.analyzer;

import dev.healthmon.service.stop.KafkaStreamsStop;
import dev.healthmon.service.stop.StopStep;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/** What the analyzer closes within the stop's bound (service-runtime's {@code ServiceStop}): its Streams application. */
public class AnalyzerStop {

    @Produces
    @Singleton
    StopStep streams(KafkaStreams streams) {
        return new KafkaStreamsStop(streams);
    }
}

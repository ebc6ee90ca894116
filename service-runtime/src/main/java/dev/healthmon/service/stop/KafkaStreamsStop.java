package dev.healthmon.service.stop;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Closes a Streams application within the stop's bound, before quarkus-kafka-streams' own close, which waits
 * without limit (and then finds it closed). It does not leave the consumer group: with static membership the
 * restarted instance takes its partitions back at once, and the partitions of one that does not come back move to
 * the others after the session timeout.
 */
public final class KafkaStreamsStop implements StopStep {

    private final KafkaStreams streams;

    public KafkaStreamsStop(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public String name() {
        return "Kafka Streams";
    }

    @Override
    public boolean stopWithin(Duration timeout) {
        return streams.close(timeout);
    }
}

package dev.healthmon.service.stop;

import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * Closes a Kafka producer within the stop's bound: it gets the time left to deliver what it holds; what it could not
 * deliver by then fails, and the senders waiting for it are told.
 */
public final class ProducerStop implements StopStep {

    private final String name;
    private final Producer<?, ?> producer;

    public ProducerStop(String name, Producer<?, ?> producer) {
        this.name = name;
        this.producer = producer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean stopWithin(Duration timeout) {
        long start = System.nanoTime();
        producer.close(timeout);
        return System.nanoTime() - start < timeout.toNanos();
    }
}

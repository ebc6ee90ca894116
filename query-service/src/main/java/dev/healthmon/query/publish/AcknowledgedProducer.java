package dev.healthmon.query.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Producer settings for writes that the API answers only once Kafka has acknowledged them. */
final class AcknowledgedProducer {

    // Margin over the producer's own delivery timeout, which fails every send in time: a wait never hangs.
    static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private AcknowledgedProducer() {
    }

    /**
     * The client configuration plus: idempotent (a retried send is never duplicated, one key's writes keep their
     * order), acknowledged by all in-sync replicas, and failing within {@code writeTimeout}.
     */
    static Map<String, Object> config(Map<String, Object> kafkaConfig, String clientId, Duration writeTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // A request waits for nobody else's records.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis() / 2));
        return config;
    }

    /**
     * Sends the records in order and waits until Kafka acknowledged each, within {@code writeTimeout} and the
     * margin; returns why each record that was not acknowledged failed, by its index (empty when all were).
     */
    static <K, V> Map<Integer, Throwable> sendAll(Producer<K, V> producer, List<ProducerRecord<K, V>> records,
            Duration writeTimeout) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        Map<Integer, Throwable> failed = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                sent.add(producer.send(records.get(i)));
            } catch (RuntimeException e) {
                // send() itself fails when the topic's metadata cannot be had within max.block.ms.
                sent.add(null);
                failed.put(i, e);
            }
        }
        long deadline = System.nanoTime() + writeTimeout.plus(WAIT_MARGIN).toNanos();
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) == null) {
                continue;
            }
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failed.put(i, e.getCause());
            } catch (TimeoutException e) {
                failed.put(i, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (int j = i; j < sent.size(); j++) {
                    failed.putIfAbsent(j, e);
                }
                break;
            }
        }
        return failed;
    }
}

package dev.healthmon.prober.publish;

import dev.healthmon.prober.logging.BoundedRateLog;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.topic.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Publishes check results to the {@code check-results} topic, keyed by target id with the probe's start as record
 * timestamp, through an idempotent producer with {@code acks=all} and compression. Probing hands results to a
 * {@link ResultBuffer} and returns at once; one thread moves them to the producer in batches, holding at most
 * {@code maxUnacknowledged} in the producer at a time. While the broker is unreachable, sends time out after the
 * delivery timeout and their results go back to the buffer, which keeps the newest up to its bound; when the
 * broker returns, the producer reconnects by itself and the buffer drains.
 */
public final class ResultPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResultPublisher.class);
    private static final long RETRY_BACKOFF_MS = 500;
    // Each wake-up of the publishing thread moves the results of this span; the producer lingers longer anyway.
    private static final long GATHER_MS = 5;

    private final Topic<String, CheckResult> topic;
    private final ResultBuffer buffer;
    private final Producer<String, CheckResult> producer;
    private final Semaphore unacknowledged;
    private final int maxUnacknowledged;
    private final ProberMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean delivering;
    // A broker that rejects one result usually rejects them all: one line a minute says so.
    private final BoundedRateLog rejections = new BoundedRateLog(Duration.ofMinutes(1));

    public ResultPublisher(Map<String, Object> kafkaConfig, Topic<String, CheckResult> topic, int bufferCapacity,
            int maxUnacknowledged, Duration deliveryTimeout, String compression, ProberMetrics metrics) {
        this.topic = topic;
        this.metrics = metrics;
        this.buffer = new ResultBuffer(bufferCapacity, metrics::droppedResults);
        this.maxUnacknowledged = maxUnacknowledged;
        this.unacknowledged = new Semaphore(maxUnacknowledged);
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, deliveryTimeout, compression),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        metrics.bufferedResults(this::buffered);
        this.thread = new Thread(this::publishLoop, "healthmon-result-publisher");
        thread.setDaemon(true);
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, Duration deliveryTimeout,
            String compression) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        long delivery = deliveryTimeout.toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, delivery / 2 - 100));
        // send() may wait this long for metadata, on the publishing thread only.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        return config;
    }

    public void start() {
        thread.start();
    }

    /** Queues a result for publishing; never blocks. */
    public void publish(CheckResult result) {
        buffer.add(result);
    }

    /** Results not yet acknowledged by the broker: in the buffer or sent and unanswered. */
    public int buffered() {
        return buffer.size() + maxUnacknowledged - unacknowledged.availablePermits();
    }

    /** Whether the broker answers: topic metadata was fetched and the last delivery (if any) succeeded. */
    public boolean isDelivering() {
        return delivering;
    }

    private void publishLoop() {
        awaitMetadata();
        while (running) {
            try {
                if (!unacknowledged.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                // Only this thread takes places, so the ones free now stay free for the batch.
                List<CheckResult> batch = buffer.take(1 + unacknowledged.availablePermits(), 200, GATHER_MS);
                if (batch.isEmpty()) {
                    unacknowledged.release();
                    continue;
                }
                unacknowledged.acquireUninterruptibly(batch.size() - 1);
                sendAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits for the topic's metadata and publishes the results' writer schema, which goes before the first one. */
    private void awaitMetadata() {
        while (running) {
            try {
                producer.partitionsFor(topic.name());
                topic.publishValueSchema();
                delivering = true;
                return;
            } catch (KafkaException e) {
                LOG.debugf("Waiting for the broker: %s", e.getMessage());
                try {
                    Thread.sleep(RETRY_BACKOFF_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void sendAll(List<CheckResult> batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            if (!running) {
                putBack(batch, i);
                return;
            }
            CheckResult result = batch.get(i);
            ProducerRecord<String, CheckResult> record = new ProducerRecord<>(topic.name(), null,
                    result.getStartedAt().toEpochMilli(), result.getTargetId().toString(), result);
            try {
                send(record, result);
            } catch (TimeoutException e) {
                // No metadata within max.block.ms: the broker is away. The rest of the batch goes back, then this
                // result in front of it.
                putBack(batch, i + 1);
                unacknowledged.release();
                delivered(result, e);
                Thread.sleep(RETRY_BACKOFF_MS);
                return;
            } catch (KafkaException e) {
                unacknowledged.release();
                delivered(result, e);
            }
        }
    }

    // The callback hears the outcome of the send: the future the producer also returns tells nothing more.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void send(ProducerRecord<String, CheckResult> record, CheckResult result) {
        producer.send(record, (metadata, error) -> {
            unacknowledged.release();
            delivered(result, error);
        });
    }

    /** Returns the results of the batch from {@code from} on to the buffer, oldest first, with their places. */
    private void putBack(List<CheckResult> batch, int from) {
        for (int i = batch.size() - 1; i >= from; i--) {
            buffer.putBack(batch.get(i));
        }
        unacknowledged.release(batch.size() - from);
    }

    private void delivered(CheckResult result, Exception error) {
        if (error == null) {
            delivering = true;
            return;
        }
        if (error instanceof RetriableException) {
            if (delivering) {
                LOG.warnf("Cannot deliver results, keeping them buffered: %s", error.getMessage());
            }
            delivering = false;
            buffer.putBack(result);
        } else {
            metrics.droppedResults(1);
            long unlogged = rejections.occurred();
            if (unlogged > 0) {
                LOG.errorf(error, "Dropped %d results the broker rejected, the last one of target %s", unlogged,
                        result.getTargetId());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

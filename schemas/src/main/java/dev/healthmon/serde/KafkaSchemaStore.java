package dev.healthmon.serde;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer schemas shared through the compacted {@code schemas} topic: key = the fingerprint in hex
 * ({@link Fingerprints#hex}), value = the writer schema's JSON.
 *
 * <p>Readers keep every schema read from the topic in memory. A fingerprint not met yet makes the reader read the
 * topic up to the end offsets it has at that moment, within a bounded wait: a writer publishes a schema (and waits
 * for its acknowledgement) before its first record, so once the reader holds such a record the schema is below
 * those end offsets, and one short read settles whether it was published. When nothing was added since the last
 * read, that costs one request for the end offsets.
 *
 * <p>Publishing first reads the topic, and writes only a schema that is not there yet. Both clients are created on
 * first use from the service's Kafka client settings (bootstrap servers, TLS, SASL), which they share with every
 * other client; the consumer reads by assignment, without a group, and never commits.
 */
public final class KafkaSchemaStore implements WriterSchemas, AutoCloseable {

    /** How long a lookup or a publication may wait for the broker. Kept short: a stream thread may be waiting. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final Duration wait;
    private final Map<Long, Schema> known = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> publishedHere = new ConcurrentHashMap<>();
    private final Object reading = new Object();
    private final Object publishing = new Object();
    // Guarded by reading.
    private Consumer<String, String> consumer;
    private List<TopicPartition> partitions = List.of();
    private long lastWarningNanos = System.nanoTime() - WARNING_INTERVAL_NANOS;
    // Guarded by publishing.
    private Producer<String, String> producer;
    private volatile boolean closed;

    /**
     * @param kafkaConfig the service's Kafka client settings, shared by all its clients; a {@code group.id} in
     *     them is not used
     * @param topic the {@code schemas} topic
     */
    public KafkaSchemaStore(Map<String, Object> kafkaConfig, String topic, Duration wait) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topic = topic;
        this.wait = wait;
    }

    public KafkaSchemaStore(Map<String, Object> kafkaConfig, String topic) {
        this(kafkaConfig, topic, DEFAULT_WAIT);
    }

    @Override
    public String source() {
        return "topic '" + topic + "'";
    }

    @Override
    public void publish(Schema schema) {
        long fingerprint = Fingerprints.of(schema);
        if (publishedHere.containsKey(fingerprint)) {
            return;
        }
        synchronized (publishing) {
            if (publishedHere.containsKey(fingerprint)) {
                return;
            }
            if (find(fingerprint) == null) {
                send(fingerprint, schema);
                known.put(fingerprint, schema);
                LOG.info("Published writer schema {} ({}) to {}", Fingerprints.hex(fingerprint), schema.getFullName(),
                        topic);
            }
            publishedHere.put(fingerprint, true);
        }
    }

    private void send(long fingerprint, Schema schema) {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, Fingerprints.hex(fingerprint), schema.toString()))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka
                    : new KafkaException("Cannot publish schema " + Fingerprints.hex(fingerprint), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("Schema " + Fingerprints.hex(fingerprint) + " not acknowledged by " + topic
                    + " within " + wait.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while publishing schema " + Fingerprints.hex(fingerprint), e);
        }
    }

    @Override
    public Schema find(long fingerprint) {
        Schema schema = known.get(fingerprint);
        if (schema != null) {
            return schema;
        }
        synchronized (reading) {
            schema = known.get(fingerprint);
            if (schema == null) {
                readToEnd(System.nanoTime() + wait.toNanos());
                schema = known.get(fingerprint);
            }
            return schema;
        }
    }

    /** Reads the topic up to its end offsets as of now, or until the deadline; says whether it got there. */
    private boolean readToEnd(long deadlineNanos) {
        if (closed) {
            return false;
        }
        try {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
            }
            if (partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, remaining(deadlineNanos)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                if (partitions.isEmpty()) {
                    warn("Topic " + topic + " does not exist: no shared writer schemas to read");
                    return false;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadlineNanos));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), remaining(deadlineNanos))
                    < e.getValue())) {
                if (System.nanoTime() >= deadlineNanos) {
                    return false;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    learn(record);
                }
            }
            return true;
        } catch (TimeoutException e) {
            warn("Cannot read " + topic + " to its end within " + wait.toMillis() + " ms: " + e.getMessage());
            return false;
        }
    }

    /** At most one warning a minute: a lookup can come with every record. */
    private void warn(String message) {
        long now = System.nanoTime();
        if (now - lastWarningNanos >= WARNING_INTERVAL_NANOS) {
            lastWarningNanos = now;
            LOG.warn(message);
        }
    }

    private Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Keeps the schema of a record whose key is the fingerprint of its value; says why it ignores any other. */
    private void learn(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            Schema schema = new Schema.Parser().parse(record.value());
            long fingerprint = Fingerprints.of(schema);
            if (!Fingerprints.hex(fingerprint).equals(record.key())) {
                LOG.warn("Ignoring {}-{}@{}: its key {} is not the fingerprint {} of its schema", record.topic(),
                        record.partition(), record.offset(), record.key(), Fingerprints.hex(fingerprint));
                return;
            }
            known.putIfAbsent(fingerprint, schema);
        } catch (SchemaParseException e) {
            LOG.warn("Ignoring {}-{}@{} (key {}): not an Avro schema: {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, wait.toMillis());
        return config;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (publishing) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
        synchronized (reading) {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }
}

package dev.healthmon.system.load;

import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.Topic;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The definitions of the targets a {@link LoadGenerator} probes, and their registration on the targets topic. */
public final class LoadTargets {

    private LoadTargets() {
    }

    /**
     * A definition of {@code id} as the plan probes it: the regions that probe it listed (so that no real prober of
     * another region takes it), its interval, a timeout of half the interval, and a check that only the generator runs
     * ({@code .invalid} never resolves). Callers set quorum, thresholds, staleness and circuit on the builder.
     */
    public static TargetDefinition.Builder definition(String id, LoadPlan plan) {
        long interval = plan.interval().toMillis();
        return TargetDefinition.newBuilder().setId(id).setName(id).setRegions(plan.regionsOf(id))
                .setSchedule(new Schedule(interval, interval / 2, 0L))
                .setCheck(HttpCheck.newBuilder().setUrl("http://" + id + ".invalid/").build());
    }

    /** Writes the definitions to the targets topic, keyed by id, and returns once Kafka acknowledged them all. */
    public static void register(Map<String, Object> producerConfig, Topic<String, TargetDefinition> topic,
            Collection<TargetDefinition> definitions) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, TargetDefinition> producer = new KafkaProducer<>(config,
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            var sends = definitions.stream()
                    .map(d -> producer.send(new ProducerRecord<>(topic.name(), d.getId(), d))).toList();
            for (Future<RecordMetadata> send : sends) {
                send.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the target definitions", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering targets", e);
        }
    }
}

package dev.healthmon.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.SampleRecords;
import dev.healthmon.serde.EvolvedWriters;
import dev.healthmon.serde.Fingerprints;
import dev.healthmon.serde.KafkaSchemaStore;
import dev.healthmon.serde.MalformedRecordException;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writer schemas shared between processes through a real broker's {@code schemas} topic. */
@ExtendWith(KafkaExtension.class)
class KafkaSchemaStoreTest {

    private String prefix;
    private Map<String, Object> kafka;

    @BeforeEach
    void createTopics(@BootstrapServers String bootstrapServers) {
        prefix = Clients.unique("schemas-") + ".";
        kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // Shared by the service's clients; a store must not join (or commit to) that group.
                "group.id", "some-service");
        try (Admin admin = Clients.admin(bootstrapServers)) {
            new TopicCatalogue(prefix, 2, (short) 1).ensureTopics(admin);
        }
    }

    @Test
    void aSchemaPublishedByOneProcessIsFoundByAnotherAndPublishedOnceWhoeverPublishesIt() throws Exception {
        Schema newer = EvolvedWriters.compatible();
        long fingerprint = Fingerprints.of(newer);
        try (KafkaSchemaStore writer = store(); KafkaSchemaStore secondWriter = store();
                KafkaSchemaStore reader = store()) {
            assertThat(reader.find(fingerprint)).isNull();

            writer.publish(newer);
            writer.publish(newer);
            secondWriter.publish(newer);

            assertThat(reader.find(fingerprint)).isEqualTo(newer);
        }
        assertThat(schemaRecords()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(Fingerprints.hex(fingerprint));
            assertThat(new Schema.Parser().parse(record.value())).isEqualTo(newer);
        });
    }

    @Test
    void recordsWhoseKeyIsNotTheirSchemasFingerprintAreIgnored(@BootstrapServers String bootstrapServers)
            throws Exception {
        Schema newer = EvolvedWriters.compatible();
        try (Producer<String, String> producer = Clients.producer(bootstrapServers, new StringSerializer(),
                new StringSerializer(), Map.of())) {
            producer.send(new ProducerRecord<>(prefix + "schemas", "0000000000000001", newer.toString())).get();
            producer.send(new ProducerRecord<>(prefix + "schemas", Fingerprints.hex(Fingerprints.of(newer)),
                    "not json")).get();
        }
        try (KafkaSchemaStore reader = store()) {
            assertThat(reader.find(1L)).isNull();
            assertThat(reader.find(Fingerprints.of(newer))).isNull();
        }
    }

    @Test
    void aReaderOfTheCurrentSchemaReadsANewerWritersResultsThroughTheCatalogue() {
        CheckResult result = SampleRecords.checkResult();
        try (TopicCatalogue writer = catalogue(); TopicCatalogue reader = catalogue();
                KafkaSchemaStore newerWriter = store()) {
            // A newer writer publishes its schema before its first record, as every writer does.
            newerWriter.publish(EvolvedWriters.compatible());
            byte[] written = EvolvedWriters.compatibleBytes(result, "TLSv1.3");

            assertThat(reader.checkResults().valueSerde().deserializer().deserialize("t", written))
                    .isEqualTo(result);
            assertThat(writer.checkResults().valueSerde().deserializer().deserialize("t",
                    writer.checkResults().valueSerde().serializer().serialize("t", result))).isEqualTo(result);
        }
    }

    @Test
    void anUnpublishedSchemaIsRefusedNamingItsFingerprintAndWhereItWasLookedFor() {
        try (TopicCatalogue reader = catalogue()) {
            byte[] written = EvolvedWriters.compatibleBytes(SampleRecords.checkResult(), "TLSv1.3");

            assertThatThrownBy(() -> reader.checkResults().valueSerde().deserializer().deserialize("t", written))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageContaining(Fingerprints.hex(Fingerprints.of(EvolvedWriters.compatible())))
                    .hasMessageContaining("not in topic '" + prefix + "schemas'");
        }
    }

    private KafkaSchemaStore store() {
        return new KafkaSchemaStore(kafka, prefix + "schemas", Duration.ofSeconds(20));
    }

    private TopicCatalogue catalogue() {
        Map<String, String> settings = Map.of(TopicCatalogue.PREFIX_SETTING, prefix,
                TopicCatalogue.PARTITIONS_SETTING, "2");
        return TopicCatalogue.fromSettings(key -> Optional.ofNullable(settings.get(key)), kafka);
    }

    private List<ConsumerRecord<String, String>> schemaRecords() {
        try (Consumer<String, String> consumer = Clients.consumer(kafka.get("bootstrap.servers").toString(),
                new StringDeserializer(), new StringDeserializer(), Map.of())) {
            TopicPartition partition = new TopicPartition(prefix + "schemas", 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            return Clients.readUntil(consumer, partition, record -> record.offset() == end - 1);
        }
    }
}

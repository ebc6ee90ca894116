package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {

    @Test
    void threeBrokersKeepTakingAcknowledgedWritesWhileOneIsStoppedAndTakeItBack() throws Exception {
        List<Integer> ports = List.of(LocalKafkaTest.freePort(), LocalKafkaTest.freePort(), LocalKafkaTest.freePort());
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(ports);
                Admin admin = Clients.admin(cluster.bootstrapServers())) {
            assertThat(cluster.brokerIds()).containsExactly(0, 1, 2);
            assertThat(cluster.bootstrapServers().split(",")).containsExactlyInAnyOrderElementsOf(
                    ports.stream().map(port -> "localhost:" + port).toList());
            assertThat(cluster.replicationFactor()).isEqualTo((short) 3);
            String topic = Clients.unique("replicated-");
            admin.createTopics(List.of(new NewTopic(topic, 3, cluster.replicationFactor())))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // The controller has created the topic; each broker learns of it a little later, and the admin client
            // asks whichever broker it likes, which until then answers that it does not know the topic.
            TopicDescription description = await().atMost(TIMEOUT).ignoreExceptionsMatching(
                    EmbeddedKafkaClusterTest::unknownTopic).until(() -> admin.describeTopics(List.of(topic))
                            .allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic),
                    described -> described.partitions().stream().allMatch(p -> p.isr().size() == 3));
            ConfigResource config = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(await().atMost(TIMEOUT).ignoreExceptionsMatching(EmbeddedKafkaClusterTest::unknownTopic)
                    .until(() -> admin.describeConfigs(List.of(config)).all().get(TIMEOUT.toSeconds(),
                            TimeUnit.SECONDS).get(config).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value(),
                            value -> true)).isEqualTo("2");
            int stopped = description.partitions().get(0).leader().id();

            try (Producer<String, String> producer = Clients.producer(cluster.bootstrapServers(),
                    new StringSerializer(), new StringSerializer(), Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                send(producer, topic, "before");
                cluster.stopBroker(stopped);
                send(producer, topic, "while-one-is-stopped");
                cluster.startBroker(stopped);
                send(producer, topic, "after");
            }
            assertThat(cluster.port(stopped)).isEqualTo(ports.get(stopped));

            try (Consumer<String, String> consumer = Clients.consumer(cluster.bootstrapServers(),
                    new StringDeserializer(), new StringDeserializer(), Map.of())) {
                List<ConsumerRecord<String, String>> received = Clients.readUntil(consumer,
                        new TopicPartition(topic, 0), r -> r.value().equals("after"));
                assertThat(received).extracting(ConsumerRecord::value)
                        .containsExactly("before", "while-one-is-stopped", "after");
            }
            // The restarted broker catches up and is back in every partition's in-sync replicas.
            await().atMost(TIMEOUT).until(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(TopicPartitionInfo::isr).allMatch(isr -> isr.size() == 3));
        }
    }

    private static boolean unknownTopic(Throwable e) {
        return e instanceof ExecutionException && e.getCause() instanceof UnknownTopicOrPartitionException;
    }

    private static void send(Producer<String, String> producer, String topic, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, "key", value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aSingleBrokerClusterKeepsOneReplica() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(List.of(0))) {
            assertThat(cluster.brokerIds()).containsExactly(0);
            assertThat(cluster.replicationFactor()).isEqualTo((short) 1);
            assertThat(cluster.bootstrapServers()).isEqualTo("localhost:" + cluster.port(0));
            assertThat(cluster.port(0)).isPositive();
        }
    }
}

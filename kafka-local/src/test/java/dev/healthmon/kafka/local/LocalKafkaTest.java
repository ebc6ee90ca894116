package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.kafka.local.LocalKafka.Options;
import dev.healthmon.schemas.SampleRecords;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    @Test
    void servesTheTopicsOnItsPortAndKeepsTheRecordsAcrossARestart(@TempDir Path dataDir) throws Exception {
        Options options = new Options(freePort(), dataDir, "local.", 2);
        TopicCatalogue catalogue = new TopicCatalogue("local.", 2, (short) 1);
        Topic<String, TargetDefinition> targets = catalogue.targets();
        List<String> names = catalogue.all().stream().map(Topic::name).toList();

        RecordMetadata sent;
        try (LocalKafka kafka = LocalKafka.start(options)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + options.port());
            assertThat(kafka.createdTopics()).containsExactlyInAnyOrderElementsOf(names);
            try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
                assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .containsAll(names);
            }
            try (Producer<String, TargetDefinition> producer = Clients.producer(kafka.bootstrapServers(),
                    targets.keySerde().serializer(), targets.valueSerde().serializer(), Map.of())) {
                sent = producer.send(new ProducerRecord<>(targets.name(), "checkout-api",
                        SampleRecords.targetDefinition())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        try (LocalKafka kafka = LocalKafka.start(options)) {
            assertThat(kafka.createdTopics()).isEmpty();
            try (Consumer<String, TargetDefinition> consumer = Clients.consumer(kafka.bootstrapServers(),
                    targets.keySerde().deserializer(), targets.valueSerde().deserializer(), Map.of())) {
                List<ConsumerRecord<String, TargetDefinition>> received = Clients.readUntil(consumer,
                        new TopicPartition(targets.name(), sent.partition()), r -> true);
                assertThat(received).extracting(ConsumerRecord::value)
                        .containsExactly(SampleRecords.targetDefinition());
            }
        }
    }

    @Test
    void readsItsCommandLine() {
        assertThat(Options.parse("--port", "19092", "--data-dir", "/var/kafka", "--topic-prefix", "hm.",
                "--partitions", "12"))
                .isEqualTo(new Options(19092, Path.of("/var/kafka"), "hm.", 12));
        assertThat(Options.parse("--port", "19092", "--brokers", "3").ports()).containsExactly(19092, 19093, 19094);
        assertThat(Options.parse("--port", "0", "--brokers", "3").ports()).containsExactly(0, 0, 0);
        assertThat(Options.parse())
                .isEqualTo(new Options(9092, Path.of("kafka-local-data"), TopicCatalogue.DEFAULT_PREFIX,
                        TopicCatalogue.DEFAULT_PARTITIONS));
        assertThat(Options.parse("--sasl-plain", "healthmon:s3cret:too").saslPlain())
                .isEqualTo(new SaslPlain("healthmon", "s3cret:too"));
    }

    @Test
    void withSaslPlainOnlyClientsThatLogInAreServed(@TempDir Path dataDir) throws Exception {
        SaslPlain user = new SaslPlain("healthmon", "s3cret");
        Options options = new Options(freePort(), dataDir, "sasl.", 1, 1, user);
        try (LocalKafka kafka = LocalKafka.start(options)) {
            Map<String, Object> loggedIn = new HashMap<>(user.clientConfig());
            loggedIn.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(loggedIn)) {
                assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .contains("sasl.targets", "sasl.schemas");
            }

            Map<String, Object> wrongPassword = new HashMap<>(loggedIn);
            wrongPassword.putAll(new SaslPlain("healthmon", "guess").clientConfig());
            for (Map<String, Object> refused : List.of(wrongPassword, Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Map<String, Object> config = new HashMap<>(refused);
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
                try (Admin admin = Admin.create(config)) {
                    assertThatThrownBy(() -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class);
                }
            }
        }
    }

    @Test
    void rejectsABadCommandLine() {
        assertThatThrownBy(() -> Options.parse("--bogus", "1")).hasMessageContaining("Unknown option --bogus");
        assertThatThrownBy(() -> Options.parse("--port")).hasMessageContaining("Missing value for --port");
        assertThatThrownBy(() -> Options.parse("--port", "x")).hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> Options.parse("--port", "70000")).hasMessageContaining("--port must be");
        assertThatThrownBy(() -> Options.parse("--partitions", "0")).hasMessageContaining("--partitions must");
        assertThatThrownBy(() -> Options.parse("--brokers", "0")).hasMessageContaining("--brokers must");
        assertThatThrownBy(() -> Options.parse("--port", "65535", "--brokers", "2"))
                .hasMessageContaining("--brokers must");
        assertThatThrownBy(() -> Options.parse("--sasl-plain", "nobody")).hasMessageContaining("user:password");
        assertThatThrownBy(() -> Options.parse("--sasl-plain", "a\"b:c")).hasMessageContaining("quotes");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

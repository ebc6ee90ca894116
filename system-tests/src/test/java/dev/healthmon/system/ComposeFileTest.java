package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No Docker engine runs here, so the compose file is checked as data: it parses and its parts fit the build. */
class ComposeFileTest {

    private static final Path HOME = PackagedProcess.HOME;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(HOME.resolve("docker-compose.yml").toFile())
                .get("services");
    }

    @Test
    void runsKafkaInKraftModeAndTheThreeServices() {
        assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("kafka", "analyzer", "query",
                "prober");
        JsonNode kafka = services.get("kafka");
        assertThat(kafka.get("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText()).contains("//kafka:29092");
        assertThat(kafka.at("/healthcheck/test").isArray()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyzer", "query", "prober"})
    void eachServiceIsBuiltFromItsModuleAndReachesTheBroker(String name) throws IOException {
        JsonNode service = services.get(name);
        Path context = HOME.resolve(service.at("/build/context").asText()).normalize();

        assertThat(context).isEqualTo(HOME.resolve(name + "-service"));
        assertThat(context.resolve(service.at("/build/dockerfile").asText())).isRegularFile();
        assertThat(service.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:29092");
        assertThat(service.at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        String port = httpPort(context);
        assertThat(service.get("ports").get(0).asText()).isEqualTo(port + ":" + port);
    }

    @Test
    void eachStreamsServiceHasAStaticInstanceIdOfItsOwn() {
        String analyzer = services.at("/analyzer/environment/HEALTHMON_ANALYZER_INSTANCE_ID").asText();
        String query = services.at("/query/environment/HEALTHMON_QUERY_INSTANCE_ID").asText();
        assertThat(analyzer).isNotBlank();
        assertThat(query).isNotBlank().isNotEqualTo(analyzer);
    }

    private static String httpPort(Path module) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("quarkus.http.port");
    }
}

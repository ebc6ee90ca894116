package dev.healthmon.query.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.query.definition.TargetParser.Format;
import dev.healthmon.query.definition.TargetParser.Parsed;
import dev.healthmon.schemas.Quorum;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetParserTest {

    static Parsed<TargetDocument> exampleDocument() throws IOException {
        try (InputStream yaml = TargetParserTest.class.getResourceAsStream("/targets-example.yaml")) {
            return TargetParser.document(yaml, Format.YAML);
        }
    }

    @Test
    void readsTheExampleDocumentInYaml() throws IOException {
        Parsed<TargetDocument> parsed = exampleDocument();

        assertThat(parsed.problems()).isEmpty();
        TargetDocument document = parsed.value();
        assertThat(document.managedBy()).isEqualTo("examples");
        assertThat(document.targets()).extracting(TargetRepresentation::id)
                .containsExactly("query-live", "broker", "example-dns", "example-tls", "nightly-job");
        TargetRepresentation live = document.targets().get(0);
        assertThat(live.quorum()).isEqualTo(Quorum.MAJORITY);
        assertThat(live.http().headers().get(0).secret()).isTrue();
        assertThat(live.http().expectedStatus()).containsExactly("200-299", "301");
        assertThat(live.http().bodyAssertion().jsonPath()).isEqualTo("$.status");
        assertThat(live.circuitBreaker().recoveryTimeout()).isEqualTo("60s");
        assertThat(document.targets().get(1).tcp().port()).isEqualTo(9092);
        assertThat(document.targets().get(4).heartbeat().ttl()).isEqualTo("1m");
    }

    @Test
    void readsJson() {
        Parsed<TargetRepresentation> parsed = target("""
                {"id": "a", "interval": "10s", "timeout": "1s", "http": {"url": "https://example.com"}}""",
                Format.JSON);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.value().http().url()).isEqualTo("https://example.com");
    }

    @Test
    void reportsEveryUnknownFieldWithItsPathSortedByPathAndReadsOn() {
        Parsed<TargetDocument> parsed = TargetParser.document(stream("""
                managedBy: team
                owner: someone
                targets:
                  - id: a
                    intervall: 10s
                    timeout: 1s
                    http: {url: "https://example.com", verifySsl: false}
                  - id: b
                    tcp: {host: example.com, port: 22, banner: SSH}
                """), Format.YAML);

        assertThat(parsed.problems()).extracting(Problem::field)
                .containsExactly("owner", "targets[0].http.verifySsl", "targets[0].intervall", "targets[1].tcp.banner");
        assertThat(parsed.problems().get(2).message()).startsWith("unknown field").contains("interval");
        assertThat(parsed.value().targets()).hasSize(2);
        assertThat(parsed.value().targets().get(0).timeout()).isEqualTo("1s");
    }

    @Test
    void reportsEveryValueOfTheWrongTypeAndReadsOn() {
        Parsed<TargetRepresentation> parsed = target("""
                {"id": "a", "critical": "very", "quorum": "MOST", "failureThreshold": "three",
                 "labels": ["x"], "tcp": {"host": {"name": "x"}, "port": "ssh"}, "timeout": "1s"}""", Format.JSON);

        assertThat(parsed.problems()).extracting(Problem::field)
                .containsExactly("critical", "failureThreshold", "labels", "quorum", "tcp.host", "tcp.port");
        assertThat(parsed.problems().get(3).message()).contains("ANY, MAJORITY, ALL");
        assertThat(parsed.value().timeout()).isEqualTo("1s");
    }

    @Test
    void reportsABodyThatIsNotJsonOrYaml() {
        Parsed<TargetRepresentation> parsed = target("{\"id\": ", Format.JSON);

        assertThat(parsed.value()).isNull();
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEmpty();
            assertThat(problem.message()).startsWith("the body is not valid JSON");
        });
    }

    @Test
    void reportsAnEmptyBody() {
        assertThat(target("", Format.JSON).problems()).extracting(Problem::message).containsExactly("the body is empty");
    }

    @Test
    void choosesTheFormatByMediaType() {
        assertThat(Format.ofMediaType("application/yaml")).isEqualTo(Format.YAML);
        assertThat(Format.ofMediaType("text/yaml; charset=UTF-8")).isEqualTo(Format.YAML);
        assertThat(Format.ofMediaType("application/json")).isEqualTo(Format.JSON);
        assertThat(Format.ofMediaType(null)).isEqualTo(Format.JSON);
    }

    private static Parsed<TargetRepresentation> target(String body, Format format) {
        return TargetParser.target(stream(body), format);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

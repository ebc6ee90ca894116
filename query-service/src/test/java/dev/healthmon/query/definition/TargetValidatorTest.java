package dev.healthmon.query.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.healthmon.query.definition.TargetRepresentation.BodyAssertionSpec;
import dev.healthmon.query.definition.TargetRepresentation.CircuitBreakerSpec;
import dev.healthmon.query.definition.TargetRepresentation.DnsSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeaderSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeartbeatSpec;
import dev.healthmon.query.definition.TargetRepresentation.HttpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TcpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TlsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetValidatorTest {

    static HttpSpec http(String url) {
        return new HttpSpec(null, url, null, null, null, null, null, null, null, null, null, null);
    }

    static TargetRepresentation target(String id, String interval, String timeout, HttpSpec http, TcpSpec tcp,
            HeartbeatSpec heartbeat) {
        return new TargetRepresentation(id, null, null, null, null, null, null, null, null, interval, timeout, null,
                null, null, null, null, http, tcp, null, null, heartbeat);
    }

    @Test
    void acceptsTheExampleDocument() throws IOException {
        assertThat(TargetValidator.validate(TargetParserTest.exampleDocument().value())).isEmpty();
    }

    @Test
    void acceptsTheExampleTargetsTheLocalStackRegisters() throws IOException {
        try (InputStream yaml = Files.newInputStream(Path.of("../examples/targets.yaml"))) {
            TargetParser.Parsed<TargetDocument> parsed = TargetParser.document(yaml, TargetParser.Format.YAML);

            assertThat(parsed.problems()).isEmpty();
            assertThat(TargetValidator.validate(parsed.value())).isEmpty();
        }
    }

    @Test
    void acceptsAMinimalTarget() {
        assertThat(TargetValidator.validate(target("web", "10s", "2s", http("https://example.com/health"), null, null),
                "web", "")).isEmpty();
    }

    @Test
    void reportsEveryProblemOfATargetAtOnce() {
        TargetRepresentation target = new TargetRepresentation("Bad Id", " ", null, null, List.of("Bad Id", "ok"),
                null, null, null, null, "1s", "5s", "-1s", 0, -2, "soon",
                new CircuitBreakerSpec(0, 1, "0s", 0),
                new HttpSpec(null, "ftp://example.com", List.of(new HeaderSpec("Bad Header", "x\ny", true)), null,
                        List.of("200-299", "299-200", "700", "2xx"), new BodyAssertionSpec("UP", "[", null, "x"),
                        "fast", null, null, 11, null, null),
                null, null, null, null);

        List<Problem> problems = TargetValidator.validate(target, "other", "");

        assertThat(problems).extracting(Problem::field).containsExactly(
                "id", "id", "name", "dependsOn[0]", "interval", "initialDelay", "failureThreshold",
                "successThreshold", "staleAfter", "circuitBreaker.failureThreshold", "circuitBreaker.recoveryTimeout",
                "circuitBreaker.maxTestRequests", "http.url", "http.headers[0].name", "http.headers[0].value",
                "http.expectedStatus[1]", "http.expectedStatus[2]", "http.expectedStatus[3]", "http.bodyAssertion",
                "http.bodyAssertion.regex", "http.bodyAssertion.equals", "http.maxResponseTime", "http.retries");
        assertThat(problems).filteredOn(problem -> problem.field().equals("interval")).extracting(Problem::message)
                .containsExactly("must not be shorter than the timeout (5s)");
    }

    @Test
    void requiresExactlyOneCheckKind() {
        assertThat(TargetValidator.validate(target("a", "10s", "1s", null, null, null), null, ""))
                .containsExactly(new Problem("http|tcp|dns|tls|heartbeat",
                        "exactly one check kind is required, found none"));
        assertThat(TargetValidator.validate(target("a", "10s", "1s", http("http://x"), new TcpSpec("x", 1, null, null),
                null), null, "")).extracting(Problem::message)
                .containsExactly("exactly one check kind is required, found http, tcp");
    }

    @Test
    void requiresTheScheduleExceptForHeartbeats() {
        assertThat(TargetValidator.validate(target("a", null, null, http("http://x"), null, null), null, ""))
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("interval", "is required"), tuple("timeout", "is required"));
        assertThat(TargetValidator.validate(target("a", null, null, null, null, new HeartbeatSpec("5m")), null, ""))
                .isEmpty();
        assertThat(TargetValidator.validate(target("a", null, null, null, null, new HeartbeatSpec(null)), null, ""))
                .containsExactly(new Problem("heartbeat.ttl", "is required"));
    }

    @Test
    void reportsUrlsThatCannotBeProbed() {
        assertThat(urlProblems(null)).containsExactly("is required");
        assertThat(urlProblems("example.com/health")).containsExactly("must be an http or https URL");
        assertThat(urlProblems("file:///etc/passwd")).containsExactly("must be an http or https URL");
        assertThat(urlProblems("http://exa mple.com")).singleElement().asString().startsWith("is not a valid URL");
        assertThat(urlProblems("http:///path")).containsExactly("must name a host");
        assertThat(urlProblems("http://169.254.169.254/latest/meta-data")).singleElement().asString()
                .startsWith("169.254.169.254 is a link-local address");
        assertThat(urlProblems("http://[fd00:ec2::254]/")).singleElement().asString().contains("metadata");
        assertThat(urlProblems("http://metadata.google.internal/computeMetadata/v1/")).hasSize(1);
        assertThat(urlProblems("HTTPS://Example.com:8443/x?y=1")).isEmpty();
    }

    @Test
    void checksTheHostsOfEveryCheckKind() {
        TargetRepresentation tcp = new TargetRepresentation("a", null, null, null, null, null, null, null, null, "10s",
                "1s", null, null, null, null, null, null, new TcpSpec("169.254.169.254", 0, null, null), null, null,
                null);
        assertThat(TargetValidator.validate(tcp, null, "")).extracting(Problem::field).containsExactly("tcp.host",
                "tcp.port");
        TargetRepresentation dns = new TargetRepresentation("a", null, null, null, null, null, null, null, null, "10s",
                "1s", null, null, null, null, null, null, null, new DnsSpec(" ", List.of("10.0.0.1", "ten")), null,
                null);
        assertThat(TargetValidator.validate(dns, null, "")).extracting(Problem::field)
                .containsExactly("dns.hostname", "dns.expectedAddresses[1]");
        TargetRepresentation tls = new TargetRepresentation("a", null, null, null, null, null, null, null, null, "10s",
                "1s", null, null, null, null, null, null, null, null,
                new TlsSpec("https://example.com", 70000, -1), null);
        assertThat(TargetValidator.validate(tls, null, "")).extracting(Problem::field)
                .containsExactly("tls.host", "tls.port", "tls.minDaysRemaining");
    }

    @Test
    void reportsTheProblemsOfADocumentWithThePathOfEachTarget() {
        List<TargetRepresentation> targets = new ArrayList<>();
        targets.add(target("a", "10s", "1s", http("http://x"), null, null));
        targets.add(target("a", "10s", "20s", http("http://x"), null, null));
        targets.add(target(null, "10s", "1s", http("gopher://x"), null, null));
        targets.add(new TargetRepresentation("d", null, null, null, null, Map.of("managed-by", "someone-else"), null,
                null, null, "10s", "1s", null, null, null, null, null, http("http://x"), null, null, null, null));

        List<Problem> problems = TargetValidator.validate(new TargetDocument(null, targets));

        assertThat(problems).extracting(Problem::field).containsExactly("managedBy", "targets[1].id",
                "targets[1].interval", "targets[2].id", "targets[2].http.url", "targets[3].labels.managed-by");
        assertThat(problems.get(1).message()).isEqualTo("repeats the id of targets[0]");
    }

    @Test
    void requiresTheTargetsListInADocument() {
        assertThat(TargetValidator.validate(new TargetDocument("team", null)))
                .extracting(Problem::field).containsExactly("targets");
    }

    private static List<String> urlProblems(String url) {
        return TargetValidator.validate(target("a", "10s", "1s", http(url), null, null), null, "").stream()
                .map(Problem::message).toList();
    }
}

package dev.healthmon.query.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.query.definition.RepresentationTranslation.Secrets;
import dev.healthmon.query.definition.TargetRepresentation.HeaderSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeartbeatSpec;
import dev.healthmon.query.definition.TargetRepresentation.HttpSpec;
import dev.healthmon.schemas.BodyAssertionKind;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.HttpMethod;
import dev.healthmon.schemas.HttpVersion;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.StatusRange;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.serde.AvroSerde;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepresentationTranslationTest {

    private static final AvroSerde<TargetDefinition> SERDE = AvroSerde.of(TargetDefinition.class);

    @Test
    void mapsEveryFieldOfTheExampleTarget() throws IOException {
        TargetRepresentation live = TargetParserTest.exampleDocument().value().targets().get(0);

        TargetDefinition definition = RepresentationTranslation.toDefinition(live, live.id());

        assertThat(definition.getId()).isEqualTo("query-live");
        assertThat(definition.getName()).isEqualTo("Query service liveness");
        assertThat(definition.getGroup()).isEqualTo("healthmon");
        assertThat(definition.getCritical()).isTrue();
        assertThat(definition.getDependsOn()).containsExactly("broker");
        assertThat(definition.getLabels()).containsEntry("team", "sre");
        assertThat(definition.getQuorum()).isEqualTo(Quorum.MAJORITY);
        assertThat(definition.getSchedule().getIntervalMs()).isEqualTo(10_000);
        assertThat(definition.getSchedule().getTimeoutMs()).isEqualTo(2_000);
        assertThat(definition.getFailureThreshold()).isEqualTo(3);
        assertThat(definition.getStaleAfterMs()).isEqualTo(30_000);
        assertThat(definition.getCircuitBreaker().getRecoveryTimeoutMs()).isEqualTo(60_000);
        HttpCheck http = (HttpCheck) definition.getCheck();
        assertThat(http.getUrl()).isEqualTo("http://localhost:8080/q/health/live");
        assertThat(http.getHeaders().get(0).getValue()).isEqualTo("Bearer x");
        assertThat(http.getHeaders().get(0).getSecret()).isTrue();
        assertThat(http.getExpectedStatus()).containsExactly(new StatusRange(200, 299), new StatusRange(301, 301));
        assertThat(http.getBodyAssertion().getKind()).isEqualTo(BodyAssertionKind.JSON_PATH);
        assertThat(http.getBodyAssertion().getExpected()).isEqualTo("UP");
        assertThat(http.getMaxResponseTimeMs()).isEqualTo(1_000);
    }

    @Test
    void fillsInTheDesignDefaults() {
        TargetRepresentation minimal = TargetValidatorTest.target("web", "1m", "5s",
                TargetValidatorTest.http("https://example.com"), null, null);

        TargetDefinition definition = RepresentationTranslation.toDefinition(minimal, "web");

        assertThat(definition.getName()).isEqualTo("web");
        assertThat(definition.getCritical()).isFalse();
        assertThat(definition.getEnabled()).isTrue();
        assertThat(definition.getQuorum()).isEqualTo(Quorum.MAJORITY);
        assertThat(definition.getRegions()).isEmpty();
        assertThat(definition.getSchedule().getInitialDelayMs()).isZero();
        assertThat(definition.getFailureThreshold()).isNull();
        assertThat(definition.getStaleAfterMs()).isNull();
        assertThat(definition.getCircuitBreaker().getFailureThreshold()).isEqualTo(5);
        assertThat(definition.getCircuitBreaker().getSuccessThreshold()).isEqualTo(3);
        assertThat(definition.getCircuitBreaker().getRecoveryTimeoutMs()).isEqualTo(60_000);
        assertThat(definition.getCircuitBreaker().getMaxTestRequests()).isEqualTo(3);
        HttpCheck http = (HttpCheck) definition.getCheck();
        assertThat(http.getMethod()).isEqualTo(HttpMethod.GET);
        assertThat(http.getExpectedStatus()).isEmpty();
        assertThat(http.getFollowRedirects()).isTrue();
        assertThat(http.getVerifyTls()).isTrue();
        assertThat(http.getHttpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(http.getReuseConnections()).isFalse();
    }

    @Test
    void givesHeartbeatTargetsTheirTtlAsSchedule() {
        TargetDefinition definition = RepresentationTranslation.toDefinition(
                TargetValidatorTest.target("job", null, null, null, null, new HeartbeatSpec("5m")), "job");

        assertThat(((HeartbeatCheck) definition.getCheck()).getTtlMs()).isEqualTo(300_000);
        assertThat(definition.getSchedule().getIntervalMs()).isEqualTo(300_000);
        assertThat(definition.getSchedule().getTimeoutMs()).isEqualTo(300_000);
    }

    @Test
    void everyExampleTargetSurvivesTheRoundTripThroughAvroAndBack() throws IOException {
        for (TargetRepresentation target : TargetParserTest.exampleDocument().value().targets()) {
            TargetDefinition definition = RepresentationTranslation.toDefinition(target, target.id());
            TargetDefinition decoded = SERDE.deserialize("t", SERDE.serialize("t", definition));

            TargetRepresentation back = RepresentationTranslation.toRepresentation(decoded, Secrets.REVEAL);

            assertThat(decoded).isEqualTo(definition);
            assertThat(RepresentationTranslation.toDefinition(back, back.id())).isEqualTo(definition);
        }
    }

    @Test
    void writesEffectiveValuesBackInTheSameShape() throws IOException {
        TargetRepresentation broker = TargetParserTest.exampleDocument().value().targets().get(1);

        TargetRepresentation back = RepresentationTranslation.toRepresentation(RepresentationTranslation.toDefinition(broker, "broker"),
                Secrets.REDACT);

        assertThat(back.interval()).isEqualTo("10s");
        assertThat(back.initialDelay()).isEqualTo("0s");
        assertThat(back.enabled()).isTrue();
        assertThat(back.quorum()).isEqualTo(Quorum.MAJORITY);
        assertThat(back.failureThreshold()).isNull();
        assertThat(back.circuitBreaker().recoveryTimeout()).isEqualTo("1m");
        assertThat(back.tcp().host()).isEqualTo("127.0.0.1");
        assertThat(back.http()).isNull();
        assertThat(back.heartbeat()).isNull();
    }

    @Test
    void redactsSecretHeaderValuesOnTheWayOut() throws IOException {
        TargetRepresentation live = TargetParserTest.exampleDocument().value().targets().get(0);
        TargetDefinition definition = RepresentationTranslation.toDefinition(live, live.id());

        List<HeaderSpec> redacted = RepresentationTranslation.toRepresentation(definition, Secrets.REDACT).http().headers();
        List<HeaderSpec> revealed = RepresentationTranslation.toRepresentation(definition, Secrets.REVEAL).http().headers();

        assertThat(redacted).containsExactly(new HeaderSpec("Authorization", "***", true),
                new HeaderSpec("Accept", "application/json", false));
        assertThat(revealed.get(0).value()).isEqualTo("Bearer x");
    }

    @Test
    void keepsTheStoredValueOfASecretGivenRedacted() {
        TargetDefinition stored = withHeaders(new HeaderSpec("Authorization", "Bearer old", true));
        TargetDefinition incoming = withHeaders(new HeaderSpec("authorization", "***", true),
                new HeaderSpec("X-Api-Key", "***", true));

        TargetDefinition restored = RepresentationTranslation.restoreRedactedSecrets(incoming, stored);

        assertThat(((HttpCheck) restored.getCheck()).getHeaders()).extracting(header -> header.getValue())
                .containsExactly("Bearer old", "***");
        assertThat(RepresentationTranslation.redactedSecretHeaders(restored)).containsExactly(1);
        assertThat(RepresentationTranslation.restoreRedactedSecrets(incoming, null)).isEqualTo(incoming);
    }

    @Test
    void mapsTcpChecks() {
        TargetDefinition definition = RepresentationTranslation.toDefinition(TargetValidatorTest.target("db", "10s", "1s", null,
                new TargetRepresentation.TcpSpec(" db.internal ", 5432, "PING", "PONG"), null), "db");

        assertThat(definition.getCheck()).isEqualTo(new TcpCheck("db.internal", 5432, "PING", "PONG"));
    }

    private static TargetDefinition withHeaders(HeaderSpec... headers) {
        HttpSpec http = new HttpSpec(null, "https://example.com", List.of(headers), null, null, null, null, null, null,
                null, null, null);
        return RepresentationTranslation.toDefinition(TargetValidatorTest.target("a", "10s", "1s", http, null, null), "a");
    }
}

package dev.healthmon.query.definition;

import dev.healthmon.query.definition.TargetRepresentation.BodyAssertionSpec;
import dev.healthmon.query.definition.TargetRepresentation.CircuitBreakerSpec;
import dev.healthmon.query.definition.TargetRepresentation.DnsSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeaderSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeartbeatSpec;
import dev.healthmon.query.definition.TargetRepresentation.HttpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TcpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TlsSpec;
import dev.healthmon.schemas.BodyAssertion;
import dev.healthmon.schemas.BodyAssertionKind;
import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.HttpHeader;
import dev.healthmon.schemas.HttpMethod;
import dev.healthmon.schemas.HttpVersion;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Maps between the REST representation of a target and its Avro {@link TargetDefinition}, filling in the design's
 * defaults on the way in and writing every effective value out, so that what an operator reads back is exactly what
 * the probers and the analyzer use.
 */
public final class RepresentationTranslation {

    /** What the API shows instead of the value of a secret header. */
    public static final String REDACTED = "***";

    /** Whether the values of secret headers are shown. */
    public enum Secrets {
        REDACT, REVEAL
    }

    private static final CircuitBreakerSettings DEFAULT_BREAKER = CircuitBreakerSettings.newBuilder().build();
    private static final int DEFAULT_TLS_PORT = 443;
    private static final int DEFAULT_MIN_DAYS_REMAINING = 14;

    private RepresentationTranslation() {
    }

    /**
     * The definition of a target that {@link TargetValidator} accepted, under the given id.
     *
     * @throws IllegalArgumentException when the target is not valid
     */
    public static TargetDefinition toDefinition(TargetRepresentation target, String id) {
        Object check = check(target);
        long heartbeatTtl = check instanceof HeartbeatCheck heartbeat ? heartbeat.getTtlMs() : 0;
        return TargetDefinition.newBuilder()
                .setId(id)
                .setName(target.name() != null ? target.name() : id)
                .setGroup(target.group())
                .setCritical(Boolean.TRUE.equals(target.critical()))
                .setDependsOn(copy(target.dependsOn()))
                .setLabels(target.labels() == null ? new TreeMap<>() : new TreeMap<>(target.labels()))
                .setEnabled(!Boolean.FALSE.equals(target.enabled()))
                .setRegions(copy(target.regions()))
                .setQuorum(target.quorum() != null ? target.quorum() : Quorum.MAJORITY)
                .setSchedule(new Schedule(
                        target.interval() != null ? millis(target.interval()) : heartbeatTtl,
                        target.timeout() != null ? millis(target.timeout()) : heartbeatTtl,
                        target.initialDelay() != null ? millis(target.initialDelay()) : 0L))
                .setFailureThreshold(target.failureThreshold())
                .setSuccessThreshold(target.successThreshold())
                .setStaleAfterMs(target.staleAfter() != null ? millis(target.staleAfter()) : null)
                .setCircuitBreaker(circuitBreaker(target.circuitBreaker()))
                .setCheck(check)
                .build();
    }

    /** The representation of a definition, with every effective value; secret header values as asked. */
    public static TargetRepresentation toRepresentation(TargetDefinition definition, Secrets secrets) {
        Object check = definition.getCheck();
        Schedule schedule = definition.getSchedule();
        CircuitBreakerSettings breaker = definition.getCircuitBreaker();
        return new TargetRepresentation(
                definition.getId(),
                definition.getName(),
                definition.getGroup(),
                definition.getCritical(),
                List.copyOf(definition.getDependsOn()),
                new TreeMap<>(definition.getLabels()),
                definition.getEnabled(),
                List.copyOf(definition.getRegions()),
                definition.getQuorum(),
                DurationText.format(schedule.getIntervalMs()),
                DurationText.format(schedule.getTimeoutMs()),
                DurationText.format(schedule.getInitialDelayMs()),
                definition.getFailureThreshold(),
                definition.getSuccessThreshold(),
                definition.getStaleAfterMs() == null ? null : DurationText.format(definition.getStaleAfterMs()),
                new CircuitBreakerSpec(breaker.getFailureThreshold(), breaker.getSuccessThreshold(),
                        DurationText.format(breaker.getRecoveryTimeoutMs()), breaker.getMaxTestRequests()),
                check instanceof HttpCheck http ? http(http, secrets) : null,
                check instanceof TcpCheck tcp ? new TcpSpec(tcp.getHost(), tcp.getPort(), tcp.getSend(), tcp.getExpect())
                        : null,
                check instanceof DnsCheck dns ? new DnsSpec(dns.getHostname(), List.copyOf(dns.getExpectedAddresses()))
                        : null,
                check instanceof TlsCheck tls ? new TlsSpec(tls.getHost(), tls.getPort(), tls.getMinDaysRemaining())
                        : null,
                check instanceof HeartbeatCheck heartbeat ? new HeartbeatSpec(DurationText.format(heartbeat.getTtlMs()))
                        : null);
    }

    /**
     * The incoming definition with each secret header whose value is {@value #REDACTED} given the value the stored
     * definition has for the secret header of that name, so that a target read from the API can be written back
     * without repeating its secrets. Headers with no stored secret keep {@value #REDACTED}.
     */
    public static TargetDefinition restoreRedactedSecrets(TargetDefinition incoming, TargetDefinition stored) {
        if (!(incoming.getCheck() instanceof HttpCheck http) || stored == null
                || !(stored.getCheck() instanceof HttpCheck storedHttp)) {
            return incoming;
        }
        Map<String, String> storedSecrets = new LinkedHashMap<>();
        storedHttp.getHeaders().stream().filter(HttpHeader::getSecret)
                .forEach(header -> storedSecrets.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue()));
        List<HttpHeader> headers = http.getHeaders().stream().map(header -> {
            String storedValue = storedSecrets.get(header.getName().toLowerCase(Locale.ROOT));
            return header.getSecret() && REDACTED.equals(header.getValue()) && storedValue != null
                    ? new HttpHeader(header.getName(), storedValue, true)
                    : header;
        }).toList();
        return TargetDefinition.newBuilder(incoming)
                .setCheck(HttpCheck.newBuilder(http).setHeaders(new ArrayList<>(headers)).build()).build();
    }

    /** Indexes of the secret headers whose value is still {@value #REDACTED}: a secret nobody gave. */
    public static List<Integer> redactedSecretHeaders(TargetDefinition definition) {
        if (!(definition.getCheck() instanceof HttpCheck http)) {
            return List.of();
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < http.getHeaders().size(); i++) {
            HttpHeader header = http.getHeaders().get(i);
            if (header.getSecret() && REDACTED.equals(header.getValue())) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static Object check(TargetRepresentation target) {
        if (target.http() != null) {
            return http(target.http());
        }
        if (target.tcp() != null) {
            TcpSpec tcp = target.tcp();
            return new TcpCheck(tcp.host().strip(), tcp.port(), tcp.send(), tcp.expect());
        }
        if (target.dns() != null) {
            DnsSpec dns = target.dns();
            return new DnsCheck(dns.hostname().strip(), copy(dns.expectedAddresses()));
        }
        if (target.tls() != null) {
            TlsSpec tls = target.tls();
            return new TlsCheck(tls.host().strip(), Objects.requireNonNullElse(tls.port(), DEFAULT_TLS_PORT),
                    Objects.requireNonNullElse(tls.minDaysRemaining(), DEFAULT_MIN_DAYS_REMAINING));
        }
        if (target.heartbeat() != null) {
            return new HeartbeatCheck(millis(target.heartbeat().ttl()));
        }
        throw new IllegalArgumentException("Target " + target.id() + " has no check");
    }

    private static HttpCheck http(HttpSpec http) {
        return HttpCheck.newBuilder()
                .setMethod(http.method() != null ? http.method() : HttpMethod.GET)
                .setUrl(http.url().strip())
                .setHeaders(map(http.headers(), header -> new HttpHeader(header.name(), header.value(),
                        Boolean.TRUE.equals(header.secret()))))
                .setBody(http.body())
                .setExpectedStatus(map(http.expectedStatus(), range -> StatusRangeText.parse(range)
                        .orElseThrow(() -> new IllegalArgumentException("Not a status range: " + range))))
                .setBodyAssertion(bodyAssertion(http.bodyAssertion()))
                .setMaxResponseTimeMs(http.maxResponseTime() != null ? millis(http.maxResponseTime()) : null)
                .setFollowRedirects(!Boolean.FALSE.equals(http.followRedirects()))
                .setVerifyTls(!Boolean.FALSE.equals(http.verifyTls()))
                .setRetries(Objects.requireNonNullElse(http.retries(), 0))
                .setHttpVersion(http.httpVersion() != null ? http.httpVersion() : HttpVersion.HTTP_1_1)
                .setReuseConnections(Boolean.TRUE.equals(http.reuseConnections()))
                .build();
    }

    private static HttpSpec http(HttpCheck http, Secrets secrets) {
        return new HttpSpec(http.getMethod(), http.getUrl(),
                map(http.getHeaders(), header -> new HeaderSpec(header.getName(),
                        header.getSecret() && secrets == Secrets.REDACT ? REDACTED : header.getValue(),
                        header.getSecret())),
                http.getBody(),
                map(http.getExpectedStatus(), StatusRangeText::format),
                bodyAssertion(http.getBodyAssertion()),
                http.getMaxResponseTimeMs() == null ? null : DurationText.format(http.getMaxResponseTimeMs()),
                http.getFollowRedirects(), http.getVerifyTls(), http.getRetries(), http.getHttpVersion(),
                http.getReuseConnections());
    }

    private static BodyAssertion bodyAssertion(BodyAssertionSpec assertion) {
        if (assertion == null) {
            return null;
        }
        if (assertion.contains() != null) {
            return new BodyAssertion(BodyAssertionKind.CONTAINS, assertion.contains(), null);
        }
        if (assertion.regex() != null) {
            return new BodyAssertion(BodyAssertionKind.REGEX, assertion.regex(), null);
        }
        return new BodyAssertion(BodyAssertionKind.JSON_PATH, assertion.jsonPath(), assertion.equals());
    }

    private static BodyAssertionSpec bodyAssertion(BodyAssertion assertion) {
        if (assertion == null) {
            return null;
        }
        return switch (assertion.getKind()) {
            case CONTAINS -> new BodyAssertionSpec(assertion.getExpression(), null, null, null);
            case REGEX -> new BodyAssertionSpec(null, assertion.getExpression(), null, null);
            case JSON_PATH -> new BodyAssertionSpec(null, null, assertion.getExpression(), assertion.getExpected());
        };
    }

    private static CircuitBreakerSettings circuitBreaker(CircuitBreakerSpec breaker) {
        if (breaker == null) {
            return CircuitBreakerSettings.newBuilder().build();
        }
        return new CircuitBreakerSettings(
                Objects.requireNonNullElse(breaker.failureThreshold(), DEFAULT_BREAKER.getFailureThreshold()),
                Objects.requireNonNullElse(breaker.successThreshold(), DEFAULT_BREAKER.getSuccessThreshold()),
                breaker.recoveryTimeout() != null ? millis(breaker.recoveryTimeout())
                        : DEFAULT_BREAKER.getRecoveryTimeoutMs(),
                Objects.requireNonNullElse(breaker.maxTestRequests(), DEFAULT_BREAKER.getMaxTestRequests()));
    }

    private static long millis(String duration) {
        return DurationText.parseMillis(duration)
                .orElseThrow(() -> new IllegalArgumentException("Not a duration: " + duration));
    }

    private static List<String> copy(List<String> values) {
        return values == null ? new ArrayList<>() : new ArrayList<>(values);
    }

    private static <A, B> List<B> map(List<A> values, Function<A, B> mapping) {
        List<B> mapped = new ArrayList<>();
        if (values != null) {
            values.forEach(value -> mapped.add(mapping.apply(value)));
        }
        return mapped;
    }
}

package dev.healthmon.query.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.healthmon.schemas.HttpMethod;
import dev.healthmon.schemas.HttpVersion;
import dev.healthmon.schemas.Quorum;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A target as the REST API reads and writes it, in JSON or YAML. Every field is nullable so that an absent field
 * can be told from a given one: absent fields take the design's defaults when mapped to a
 * {@link dev.healthmon.schemas.TargetDefinition}. Durations are text such as {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 1h} ({@link DurationText}). Exactly one of the check kinds is given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "id", "name", "group", "critical", "dependsOn", "labels", "enabled", "regions", "quorum",
        "interval", "timeout", "initialDelay", "failureThreshold", "successThreshold", "staleAfter",
        "circuitBreaker", "http", "tcp", "dns", "tls", "heartbeat" })
@Schema(name = "Target", description = "A monitored target. Exactly one of http, tcp, dns, tls, heartbeat.")
public record TargetRepresentation(
        @Schema(pattern = "[a-z0-9][a-z0-9._-]{0,127}", description = "Optional in PUT /v1/targets/{id}") String id,
        @Schema(description = "Defaults to the id") String name,
        String group,
        @Schema(defaultValue = "false") Boolean critical,
        List<String> dependsOn,
        Map<String, String> labels,
        @Schema(defaultValue = "true") Boolean enabled,
        @Schema(description = "Empty means every region") List<String> regions,
        @Schema(defaultValue = "MAJORITY") Quorum quorum,
        @Schema(examples = "10s", description = "Required except for heartbeat targets (default: the ttl)") String interval,
        @Schema(examples = "2s", description = "At most the interval; required except for heartbeat targets") String timeout,
        @Schema(defaultValue = "0s") String initialDelay,
        @Schema(description = "Absent: 3, or 1 for heartbeat targets") Integer failureThreshold,
        @Schema(description = "Absent: 1") Integer successThreshold,
        @Schema(description = "Absent: 2 x interval + timeout (2 x ttl for heartbeat targets)") String staleAfter,
        CircuitBreakerSpec circuitBreaker,
        HttpSpec http,
        TcpSpec tcp,
        DnsSpec dns,
        TlsSpec tls,
        HeartbeatSpec heartbeat) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CircuitBreaker")
    public record CircuitBreakerSpec(
            @Schema(defaultValue = "5") Integer failureThreshold,
            @Schema(defaultValue = "3") Integer successThreshold,
            @Schema(defaultValue = "60s") String recoveryTimeout,
            @Schema(defaultValue = "3") Integer maxTestRequests) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "method", "url", "headers", "body", "expectedStatus", "bodyAssertion", "maxResponseTime",
            "followRedirects", "verifyTls", "retries", "httpVersion", "reuseConnections" })
    @Schema(name = "HttpCheck")
    public record HttpSpec(
            @Schema(defaultValue = "GET") HttpMethod method,
            @Schema(required = true, examples = "https://example.com/health") String url,
            List<HeaderSpec> headers,
            String body,
            @Schema(description = "Status codes or inclusive ranges such as 200-299; empty means 200-399")
            List<String> expectedStatus,
            BodyAssertionSpec bodyAssertion,
            String maxResponseTime,
            @Schema(defaultValue = "true") Boolean followRedirects,
            @Schema(defaultValue = "true") Boolean verifyTls,
            @Schema(defaultValue = "0") Integer retries,
            @Schema(defaultValue = "HTTP_1_1") HttpVersion httpVersion,
            @Schema(defaultValue = "false") Boolean reuseConnections) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "HttpHeader")
    public record HeaderSpec(
            @Schema(required = true) String name,
            @Schema(required = true, description = "Returned as *** when secret") String value,
            @Schema(defaultValue = "false") Boolean secret) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BodyAssertion", description = "Exactly one of contains, regex, jsonPath; equals only with jsonPath")
    public record BodyAssertionSpec(String contains, String regex, String jsonPath, String equals) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TcpCheck")
    public record TcpSpec(@Schema(required = true) String host, @Schema(required = true) Integer port, String send,
            String expect) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DnsCheck")
    public record DnsSpec(@Schema(required = true) String hostname, List<String> expectedAddresses) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TlsCheck")
    public record TlsSpec(@Schema(required = true) String host, @Schema(defaultValue = "443") Integer port,
            @Schema(defaultValue = "14") Integer minDaysRemaining) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "HeartbeatCheck")
    public record HeartbeatSpec(@Schema(required = true, examples = "1m") String ttl) {
    }
}

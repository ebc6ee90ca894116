package dev.healthmon.query.definition;

import dev.healthmon.contract.TargetIds;
import dev.healthmon.query.definition.TargetRepresentation.BodyAssertionSpec;
import dev.healthmon.query.definition.TargetRepresentation.CircuitBreakerSpec;
import dev.healthmon.query.definition.TargetRepresentation.DnsSpec;
import dev.healthmon.query.definition.TargetRepresentation.HeaderSpec;
import dev.healthmon.query.definition.TargetRepresentation.HttpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TcpSpec;
import dev.healthmon.query.definition.TargetRepresentation.TlsSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks targets and sync documents and reports every problem at once, each with the path of its field, so that an
 * operator fixes a file in one round. A target without problems maps to a valid
 * {@link dev.healthmon.schemas.TargetDefinition} ({@link RepresentationTranslation}).
 */
public final class TargetValidator {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_RETRIES = 10;

    private final List<Problem> problems = new ArrayList<>();

    private TargetValidator() {
    }

    /**
     * The problems of one target. {@code pathId}, when not null, is the id the URL names, which the body's id must
     * equal if it gives one; {@code path} prefixes every field ("" for a single target).
     */
    public static List<Problem> validate(TargetRepresentation target, String pathId, String path) {
        TargetValidator validator = new TargetValidator();
        validator.target(target, pathId, path);
        return validator.problems;
    }

    /** The problems of a sync document: of the document itself and of every target in it. */
    public static List<Problem> validate(TargetDocument document) {
        TargetValidator validator = new TargetValidator();
        validator.document(document);
        return validator.problems;
    }

    private void document(TargetDocument document) {
        if (document.managedBy() == null || document.managedBy().isBlank()) {
            problem("managedBy", "is required: it names the owner whose targets this document replaces");
        }
        if (document.targets() == null) {
            problem("targets", "is required; an empty list deletes every target of this owner");
            return;
        }
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < document.targets().size(); i++) {
            String path = "targets[" + i + "]";
            TargetRepresentation target = document.targets().get(i);
            if (target == null) {
                problem(path, "must be a target, not null");
                continue;
            }
            if (target.id() == null) {
                problem(field(path, "id"), "is required in a document of many targets");
            } else {
                Integer earlier = firstIndex.putIfAbsent(target.id(), i);
                if (earlier != null) {
                    problem(field(path, "id"), "repeats the id of targets[" + earlier + "]");
                }
            }
            String managedBy = target.labels() == null ? null : target.labels().get(TargetDocument.MANAGED_BY_LABEL);
            if (managedBy != null && !managedBy.equals(document.managedBy())) {
                problem(field(path, "labels." + TargetDocument.MANAGED_BY_LABEL),
                        "must be absent or equal managedBy (" + document.managedBy() + ")");
            }
            target(target, null, path);
        }
    }

    private void target(TargetRepresentation target, String pathId, String path) {
        if (target.id() != null && !TargetIds.isValid(target.id())) {
            problem(field(path, "id"), "must match " + TargetIds.REGEX);
        }
        if (pathId != null && target.id() != null && !target.id().equals(pathId)) {
            problem(field(path, "id"), "must equal the id in the URL (" + pathId + ") when given");
        }
        if (target.name() != null && target.name().isBlank()) {
            problem(field(path, "name"), "must not be blank; leave it out to use the id");
        }
        if (target.group() != null && target.group().isBlank()) {
            problem(field(path, "group"), "must not be blank; leave it out for no group");
        }
        list(target.dependsOn(), field(path, "dependsOn"), (dependency, at) -> {
            if (!TargetIds.isValid(dependency)) {
                problem(at, "must be a target id matching " + TargetIds.REGEX);
            } else if (dependency.equals(target.id() != null ? target.id() : pathId)) {
                problem(at, "a target cannot depend on itself");
            }
        });
        if (target.labels() != null) {
            target.labels().forEach((key, value) -> {
                if (key.isBlank()) {
                    problem(field(path, "labels"), "label names must not be blank");
                } else if (value == null) {
                    problem(field(path, "labels." + key), "must be a text, not null");
                }
            });
        }
        list(target.regions(), field(path, "regions"), (region, at) -> {
            if (region.isBlank()) {
                problem(at, "must not be blank");
            }
        });
        schedule(target, path);
        positive(target.failureThreshold(), field(path, "failureThreshold"));
        positive(target.successThreshold(), field(path, "successThreshold"));
        optionalDuration(target.staleAfter(), field(path, "staleAfter"), false);
        circuitBreaker(target.circuitBreaker(), field(path, "circuitBreaker"));
        check(target, path);
    }

    private void schedule(TargetRepresentation target, String path) {
        boolean heartbeat = target.heartbeat() != null;
        Optional<Long> interval = requiredUnlessHeartbeat(target.interval(), field(path, "interval"), heartbeat);
        Optional<Long> timeout = requiredUnlessHeartbeat(target.timeout(), field(path, "timeout"), heartbeat);
        if (interval.isPresent() && timeout.isPresent() && interval.get() < timeout.get()) {
            problem(field(path, "interval"), "must not be shorter than the timeout (" + target.timeout() + ")");
        }
        optionalDuration(target.initialDelay(), field(path, "initialDelay"), true);
    }

    private Optional<Long> requiredUnlessHeartbeat(String value, String field, boolean heartbeat) {
        if (value == null) {
            if (!heartbeat) {
                problem(field, "is required");
            }
            return Optional.empty();
        }
        return optionalDuration(value, field, false);
    }

    private void circuitBreaker(CircuitBreakerSpec breaker, String path) {
        if (breaker == null) {
            return;
        }
        positive(breaker.failureThreshold(), field(path, "failureThreshold"));
        positive(breaker.successThreshold(), field(path, "successThreshold"));
        optionalDuration(breaker.recoveryTimeout(), field(path, "recoveryTimeout"), false);
        positive(breaker.maxTestRequests(), field(path, "maxTestRequests"));
    }

    private void check(TargetRepresentation target, String path) {
        List<String> given = new ArrayList<>();
        if (target.http() != null) {
            given.add("http");
            http(target.http(), field(path, "http"));
        }
        if (target.tcp() != null) {
            given.add("tcp");
            tcp(target.tcp(), field(path, "tcp"));
        }
        if (target.dns() != null) {
            given.add("dns");
            dns(target.dns(), field(path, "dns"));
        }
        if (target.tls() != null) {
            given.add("tls");
            tls(target.tls(), field(path, "tls"));
        }
        if (target.heartbeat() != null) {
            given.add("heartbeat");
            if (target.heartbeat().ttl() == null) {
                problem(field(path, "heartbeat.ttl"), "is required");
            } else {
                optionalDuration(target.heartbeat().ttl(), field(path, "heartbeat.ttl"), false);
            }
        }
        if (given.size() != 1) {
            problem(field(path, "http|tcp|dns|tls|heartbeat"), "exactly one check kind is required, "
                    + (given.isEmpty() ? "found none" : "found " + String.join(", ", given)));
        }
    }

    private void http(HttpSpec http, String path) {
        url(http.url(), field(path, "url"));
        list(http.headers(), field(path, "headers"), (header, at) -> header(header, at));
        list(http.expectedStatus(), field(path, "expectedStatus"), (range, at) -> {
            if (StatusRangeText.parse(range).isEmpty()) {
                problem(at, "must be a status code or an ascending range of codes 100-599, such as 200-299");
            }
        });
        bodyAssertion(http.bodyAssertion(), field(path, "bodyAssertion"));
        optionalDuration(http.maxResponseTime(), field(path, "maxResponseTime"), false);
        if (http.retries() != null && (http.retries() < 0 || http.retries() > MAX_RETRIES)) {
            problem(field(path, "retries"), "must be between 0 and " + MAX_RETRIES);
        }
    }

    private void url(String url, String field) {
        if (url == null || url.isBlank()) {
            problem(field, "is required");
            return;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            problem(field, "is not a valid URL: " + e.getReason());
            return;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            problem(field, "must be an http or https URL");
        } else if (uri.getHost() == null) {
            problem(field, "must name a host");
        } else {
            forbiddenHost(uri.getHost(), field);
        }
    }

    private void header(HeaderSpec header, String path) {
        if (header == null) {
            problem(path, "must be a header, not null");
            return;
        }
        if (header.name() == null || !HEADER_NAME.matcher(header.name()).matches()) {
            problem(field(path, "name"), "must be a valid HTTP header name");
        }
        if (header.value() == null) {
            problem(field(path, "value"), "is required");
        } else if (header.value().contains("\r") || header.value().contains("\n")) {
            problem(field(path, "value"), "must not contain line breaks");
        }
    }

    private void bodyAssertion(BodyAssertionSpec assertion, String path) {
        if (assertion == null) {
            return;
        }
        int kinds = (assertion.contains() != null ? 1 : 0) + (assertion.regex() != null ? 1 : 0)
                + (assertion.jsonPath() != null ? 1 : 0);
        if (kinds != 1) {
            problem(path, "must give exactly one of contains, regex, jsonPath");
        }
        if (assertion.regex() != null) {
            try {
                Pattern.compile(assertion.regex());
            } catch (PatternSyntaxException e) {
                problem(field(path, "regex"), "is not a valid regular expression: " + e.getDescription());
            }
        }
        if (assertion.jsonPath() != null && !assertion.jsonPath().startsWith("$")) {
            problem(field(path, "jsonPath"), "must start with $");
        }
        if (assertion.equals() != null && assertion.jsonPath() == null) {
            problem(field(path, "equals"), "is only allowed with jsonPath");
        }
    }

    private void tcp(TcpSpec tcp, String path) {
        host(tcp.host(), field(path, "host"));
        port(tcp.port(), field(path, "port"), true);
    }

    private void dns(DnsSpec dns, String path) {
        host(dns.hostname(), field(path, "hostname"));
        list(dns.expectedAddresses(), field(path, "expectedAddresses"), (address, at) -> {
            if (ForbiddenAddresses.ipLiteral(address).isEmpty()) {
                problem(at, "must be an IPv4 or IPv6 address");
            }
        });
    }

    private void tls(TlsSpec tls, String path) {
        host(tls.host(), field(path, "host"));
        port(tls.port(), field(path, "port"), false);
        if (tls.minDaysRemaining() != null && tls.minDaysRemaining() < 0) {
            problem(field(path, "minDaysRemaining"), "must not be negative");
        }
    }

    private void host(String host, String field) {
        if (host == null || host.isBlank()) {
            problem(field, "is required");
        } else if (host.strip().contains("/") || host.strip().contains(" ")) {
            problem(field, "must be a host name or an IP address, not a URL");
        } else {
            forbiddenHost(host, field);
        }
    }

    private void forbiddenHost(String host, String field) {
        ForbiddenAddresses.reason(host).ifPresent(reason -> problem(field, host + " " + reason));
    }

    private void port(Integer port, String field, boolean required) {
        if (port == null) {
            if (required) {
                problem(field, "is required");
            }
        } else if (port < 1 || port > 65535) {
            problem(field, "must be between 1 and 65535");
        }
    }

    private void positive(Integer value, String field) {
        if (value != null && value < 1) {
            problem(field, "must be at least 1");
        }
    }

    private Optional<Long> optionalDuration(String value, String field, boolean zeroAllowed) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<Long> millis = DurationText.parseMillis(value);
        if (millis.isEmpty()) {
            problem(field, "must be a duration such as 500ms, 10s, 5m, 1h");
        } else if (!zeroAllowed && millis.get() == 0) {
            problem(field, "must be longer than 0");
        }
        return millis;
    }

    private <T> void list(List<T> values, String path, ElementCheck<T> check) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String at = path + "[" + i + "]";
            T value = values.get(i);
            if (value == null) {
                problem(at, "must not be null");
            } else {
                check.check(value, at);
            }
        }
    }

    private void problem(String field, String message) {
        problems.add(new Problem(field, message));
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    @FunctionalInterface
    private interface ElementCheck<T> {
        void check(T value, String path);
    }
}

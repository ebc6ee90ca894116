package dev.healthmon.prober.check;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.healthmon.schemas.BodyAssertion;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a response body against a {@link BodyAssertion}: it contains a substring, matches a regular expression
 * (found anywhere in it), or has a JSONPath that exists or holds an expected value. Compiled expressions are
 * cached, since the same targets run the same assertions again and again.
 */
final class BodyAssertionEvaluator {

    private static final int MAX_CACHED = 10_000;

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    private final Map<String, JsonPath> paths = new ConcurrentHashMap<>();

    /** Why the body fails the assertion, or empty when it passes. */
    Optional<String> mismatch(BodyAssertion assertion, String body) {
        String expression = assertion.getExpression();
        return switch (assertion.getKind()) {
            case CONTAINS -> body.contains(expression) ? Optional.empty()
                    : Optional.of("body does not contain '" + expression + "'");
            case REGEX -> regexMismatch(expression, body);
            case JSON_PATH -> jsonPathMismatch(expression, assertion.getExpected(), body);
        };
    }

    private Optional<String> regexMismatch(String expression, String body) {
        Pattern pattern;
        try {
            pattern = cached(patterns, expression, Pattern::compile);
        } catch (PatternSyntaxException e) {
            return Optional.of("invalid regular expression '" + expression + "'");
        }
        return pattern.matcher(body).find() ? Optional.empty()
                : Optional.of("body does not match /" + expression + "/");
    }

    private Optional<String> jsonPathMismatch(String expression, String expected, String body) {
        JsonPath path;
        try {
            path = cached(paths, expression, JsonPath::compile);
        } catch (InvalidPathException e) {
            return Optional.of("invalid JSONPath '" + expression + "'");
        }
        Object value;
        try {
            value = path.read(body);
        } catch (PathNotFoundException e) {
            return Optional.of("JSONPath " + expression + " not found in body");
        } catch (RuntimeException e) {
            // json-path reports unparseable documents with several exception types.
            return Optional.of("body is not JSON (" + e.getMessage() + ")");
        }
        if (value instanceof Collection<?> values && !path.isDefinite()) {
            if (values.isEmpty()) {
                return Optional.of("JSONPath " + expression + " matches nothing");
            }
            if (expected == null || values.stream().anyMatch(v -> Objects.equals(String.valueOf(v), expected))) {
                return Optional.empty();
            }
            return Optional.of("JSONPath " + expression + " is " + values + ", expected '" + expected + "'");
        }
        if (expected == null || Objects.equals(String.valueOf(value), expected)) {
            return Optional.empty();
        }
        return Optional.of("JSONPath " + expression + " is '" + value + "', expected '" + expected + "'");
    }

    private static <T> T cached(Map<String, T> cache, String expression,
            java.util.function.Function<String, T> compile) {
        T compiled = cache.get(expression);
        if (compiled == null) {
            compiled = compile.apply(expression);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(expression, compiled);
        }
        return compiled;
    }
}

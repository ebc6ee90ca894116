package dev.healthmon.prober.check;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import java.util.HashMap;
import java.util.Map;

/**
 * What one check attempt found, before it becomes a {@code CheckResult}: the outcome, why it is {@code DOWN}, the
 * HTTP status when one arrived, a short message and check-specific details.
 */
public record CheckVerdict(Outcome outcome, FailureKind failureKind, Integer statusCode, String message,
        Map<String, String> details) {

    static final int MAX_MESSAGE_LENGTH = 240;

    public CheckVerdict {
        if ((outcome == Outcome.DOWN) != (failureKind != null)) {
            throw new IllegalArgumentException("A failure kind is given exactly when the outcome is DOWN");
        }
        message = shorten(message);
        details = Map.copyOf(details);
    }

    public static CheckVerdict up(Integer statusCode, String message, Map<String, String> details) {
        return new CheckVerdict(Outcome.UP, null, statusCode, message, details);
    }

    public static CheckVerdict down(FailureKind kind, Integer statusCode, String message,
            Map<String, String> details) {
        return new CheckVerdict(Outcome.DOWN, kind, statusCode, message, details);
    }

    public static CheckVerdict down(FailureKind kind, String message) {
        return down(kind, null, message, Map.of());
    }

    public boolean isUp() {
        return outcome == Outcome.UP;
    }

    /** The same verdict with one more detail. */
    public CheckVerdict withDetail(String key, String value) {
        Map<String, String> more = new HashMap<>(details);
        more.put(key, value);
        return new CheckVerdict(outcome, failureKind, statusCode, message, more);
    }

    private static String shorten(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
}

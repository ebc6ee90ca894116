package dev.healthmon.query.api;

import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.uptime.BucketPlan;
import dev.healthmon.uptime.ReportWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The range of {@code GET /v1/targets/{id}/uptime}: {@code window} (such as {@code 24h}) ending now, or
 * {@code from} and {@code to} ({@code to} defaults to now); the last 24 hours when none is given.
 */
final class UptimeQuery {

    static final String DEFAULT_WINDOW = "24h";

    private UptimeQuery() {
    }

    /** The buckets that answer the request, or every problem with its parameters. */
    static BucketPlan plan(String from, String to, String window, Instant now, Duration minuteRetention) {
        List<Problem> problems = new ArrayList<>();
        Instant start;
        Instant end;
        if (window != null || (from == null && to == null)) {
            if (from != null || to != null) {
                problems.add(new Problem("window", "give either window or from and to, not both"));
            }
            end = now;
            start = window(window == null ? DEFAULT_WINDOW : window, problems, now);
        } else {
            start = EventQuery.instant("from", from, null, problems);
            end = EventQuery.instant("to", to, now, problems);
            if (from == null) {
                problems.add(new Problem("from", "is required with to"));
            } else if (start != null && end != null) {
                if (!start.isBefore(end)) {
                    problems.add(new Problem("to", "must be after from"));
                } else if (Duration.between(start, end).compareTo(ReportWindow.LONGEST) > 0) {
                    problems.add(new Problem("from", "the range must be at most " + ReportWindow.LONGEST.toDays()
                            + " days"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return BucketPlan.forRange(start, end, now.minus(minuteRetention));
    }

    private static Instant window(String text, List<Problem> problems, Instant now) {
        try {
            return ReportWindow.parse(text).startBefore(now);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("window", e.getMessage()));
            return null;
        }
    }
}

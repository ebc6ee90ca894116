package dev.healthmon.query.api;

import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The query of {@code GET /v1/targets/{id}/events}: events in {@code [from, to)}, newest first, a page at a time. */
public record EventQuery(Instant from, Instant to, int limit, String cursor) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    // The largest time an event key can hold (13 digits of epoch ms): "no upper bound".
    private static final Instant LATEST = Instant.ofEpochMilli(9_999_999_999_999L);
    private static final Pattern CURSOR = Pattern.compile("\\d{13}/[^/]+");

    /** The query from the request parameters, or every problem with them. */
    public static EventQuery parse(String from, String to, Integer limit, String cursor) {
        List<Problem> problems = new ArrayList<>();
        Instant start = instant("from", from, Instant.EPOCH, problems);
        Instant end = instant("to", to, LATEST, problems);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(new Problem("to", "must be after from"));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            problems.add(new Problem("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            problems.add(new Problem("cursor", "is not a cursor this API returned"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new EventQuery(start, end, limit == null ? DEFAULT_LIMIT : limit, cursor);
    }

    /** An ISO-8601 instant parameter, {@code absent} when not given, or null after adding its problem. */
    static Instant instant(String name, String text, Instant absent, List<Problem> problems) {
        if (text == null) {
            return absent;
        }
        try {
            Instant instant = Instant.parse(text);
            if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
                problems.add(new Problem(name, "must be between " + Instant.EPOCH + " and " + LATEST));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            problems.add(new Problem(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
            return null;
        }
    }
}

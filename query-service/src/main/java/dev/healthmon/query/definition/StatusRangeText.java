package dev.healthmon.query.definition;

import dev.healthmon.schemas.StatusRange;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expected HTTP statuses as text: one code ({@code 301}) or an inclusive range ({@code 200-299}) of codes 100-599. */
public final class StatusRangeText {

    private static final Pattern FORMAT = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");

    private StatusRangeText() {
    }

    /** The range, or empty when the text is not a code or range of valid codes in ascending order. */
    public static Optional<StatusRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int from = Integer.parseInt(matcher.group(1));
        int to = matcher.group(2) == null ? from : Integer.parseInt(matcher.group(2));
        if (from < 100 || to > 599 || from > to) {
            return Optional.empty();
        }
        return Optional.of(new StatusRange(from, to));
    }

    public static String format(StatusRange range) {
        return range.getFrom() == range.getTo() ? Integer.toString(range.getFrom())
                : range.getFrom() + "-" + range.getTo();
    }
}

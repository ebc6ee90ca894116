package dev.healthmon.uptime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code window} of a report, such as {@code 24h}, {@code 7d}, {@code 30d} or {@code 1y}: a
 * positive whole number followed by {@code m} (minutes), {@code h} (hours), {@code d} (days) or
 * {@code y} (years of 365 days). A report's range is the window ending now.
 *
 * <p>The longest window, 10 years, is far beyond any bucket retention; it only keeps the arithmetic
 * away from overflow. Whether the buckets for a window are still kept is the caller's concern.
 */
public record ReportWindow(Duration length) {

    public static final Duration LONGEST = Duration.ofDays(3650);

    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,6})([mhdy])");

    public ReportWindow {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    "window must be longer than 0 and at most " + LONGEST.toDays() + "d; got " + length.toDays() + "d");
        }
    }

    /**
     * Parses a window.
     *
     * @throws IllegalArgumentException with a message fit for a 400 response, if {@code text} is not a
     *     window or is longer than {@link #LONGEST}
     */
    public static ReportWindow parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("window must be a number and a unit m, h, d or y, such as 24h, 7d, 30d"
                    + " or 1y; got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration length = switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "y" -> Duration.ofDays(365 * amount);
            default -> throw new IllegalStateException("unit not in the pattern: " + matcher.group(2));
        };
        return new ReportWindow(length);
    }

    /** Start of the window that ends at {@code end}. */
    public Instant startBefore(Instant end) {
        return end.minus(length);
    }
}

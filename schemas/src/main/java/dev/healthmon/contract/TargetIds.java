package dev.healthmon.contract;

import java.util.regex.Pattern;

/**
 * What a target id may be: lower-case letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or
 * digit, at most 128 characters. It never holds {@code /}, which keys made of a target id and more rely on.
 */
public final class TargetIds {

    /** The pattern as a regular expression, to be embedded in larger ones. */
    public static final String REGEX = "[a-z0-9][a-z0-9._-]{0,127}";

    public static final Pattern PATTERN = Pattern.compile(REGEX);

    private TargetIds() {
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}

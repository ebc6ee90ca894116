package dev.healthmon.query.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call the API: with no tokens configured, everyone; otherwise writes need {@code Authorization: Bearer}
 * with one of the tokens, and so do reads when {@code readRequiresToken}.
 */
public final class ApiTokens {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "bearer ";

    private final List<byte[]> tokens;
    private final boolean readRequiresToken;

    public ApiTokens(List<String> tokens, boolean readRequiresToken) {
        this.tokens = tokens.stream().map(String::strip).filter(token -> !token.isEmpty())
                .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
        this.readRequiresToken = readRequiresToken;
    }

    /** Whether a request with this method and {@code Authorization} header (may be null) is let through. */
    public boolean allows(String method, String authorization) {
        if (tokens.isEmpty()) {
            return true;
        }
        if (!readRequiresToken && READ_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return true;
        }
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean accepted = false;
        for (byte[] token : tokens) {
            // Constant time, and every token compared, so that timing tells nothing about the tokens.
            accepted |= MessageDigest.isEqual(token, presented);
        }
        return accepted;
    }
}

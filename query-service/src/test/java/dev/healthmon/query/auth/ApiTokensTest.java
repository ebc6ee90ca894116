package dev.healthmon.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void withoutTokensEverythingIsOpen() {
        ApiTokens tokens = new ApiTokens(List.of(), true);

        assertThat(tokens.allows("PUT", null)).isTrue();
        assertThat(tokens.allows("GET", null)).isTrue();
    }

    @Test
    void writesNeedOneOfTheTokens() {
        ApiTokens tokens = new ApiTokens(List.of("alpha", " beta "), false);

        assertThat(tokens.allows("PUT", null)).isFalse();
        assertThat(tokens.allows("DELETE", "Bearer gamma")).isFalse();
        assertThat(tokens.allows("POST", "Basic YWxwaGE6")).isFalse();
        assertThat(tokens.allows("POST", "Bearer alpha")).isTrue();
        assertThat(tokens.allows("PUT", "bearer beta")).isTrue();
        assertThat(tokens.allows("GET", null)).isTrue();
        assertThat(tokens.allows("HEAD", null)).isTrue();
    }

    @Test
    void readsNeedATokenWhenConfiguredSo() {
        ApiTokens tokens = new ApiTokens(List.of("alpha"), true);

        assertThat(tokens.allows("GET", null)).isFalse();
        assertThat(tokens.allows("GET", "Bearer alpha")).isTrue();
    }
}

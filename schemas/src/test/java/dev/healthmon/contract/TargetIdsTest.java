package dev.healthmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"checkout-api", "a", "0.db_primary-2"})
    void validIds(String id) {
        assertThat(TargetIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Checkout", "-api", ".api", "a/b", "a b", "é"})
    void invalidIds(String id) {
        assertThat(TargetIds.isValid(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void atMost128Characters(int length) {
        assertThat(TargetIds.isValid("a".repeat(length))).isEqualTo(length <= 128);
    }
}

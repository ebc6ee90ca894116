package dev.healthmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessExitTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 137, 143})
    void stopExitCodesMeanStoppedOnPurpose(int code) {
        assertThat(ProcessExit.of(code)).isEqualTo(ProcessExit.STOPPED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 126, 139, 255, -1})
    void otherNonZeroCodesMeanFailed(int code) {
        assertThat(ProcessExit.of(code)).isEqualTo(ProcessExit.FAILED);
    }

    @Test
    void noExitCodeIsAnOrdinaryHeartbeat() {
        assertThat(ProcessExit.of(null)).isEqualTo(ProcessExit.NONE);
    }
}

package com.qwire.mock.app;

import com.qwire.mock.callback.domain.ReceiverFaults;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredFaultsTest {

    @Test
    void aJsonArrayOfFaultRequestsBecomesRules() {
        UUID reference = UUID.randomUUID();
        List<ReceiverFaults.Rule> rules = ConfiguredFaults.parse("[{\"action\":\"FAIL\",\"status\":503,\"count\":3,\"retryAfterSeconds\":2},"
                + "{\"reference\":\"" + reference + "\",\"action\":\"DELAY\",\"delayMs\":6000}]");
        assertThat(rules).containsExactly(
                new ReceiverFaults.Rule(null, ReceiverFaults.Action.FAIL, 3, 503, 2, null),
                new ReceiverFaults.Rule(reference, ReceiverFaults.Action.DELAY, 1, null, null, 6000));
    }

    @Test
    void malformedOrInvalidConfigurationNamesTheSetting() {
        assertThatThrownBy(() -> ConfiguredFaults.parse("{\"action\":\"FAIL\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_RECEIVER_FAULTS");
        assertThatThrownBy(() -> ConfiguredFaults.parse("[{\"action\":\"FAIL\",\"status\":99}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_RECEIVER_FAULTS").hasMessageContaining("status");
        assertThatThrownBy(() -> ConfiguredFaults.parse("[{\"action\":\"SMASH\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_RECEIVER_FAULTS");
    }
}

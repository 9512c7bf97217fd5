package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.random.RandomSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Issue 10: at most ReceiverFaults.MAX_ACTIVE faults are active at once. */
class ReceiverFaultsTest {
    @Test
    void theThousandAndFirstFaultIsRefusedUntilOneGoes() {
        ReceiverFaults faults = new ReceiverFaults(RandomSource.create(OptionalLong.of(7)), Clock.systemUTC());
        ReceiverFaults.Rule drop = new ReceiverFaults.Rule(null, ReceiverFaults.Action.DROP, 1, null, null, null);
        for (int i = 0; i < ReceiverFaults.MAX_ACTIVE; i++) {
            faults.add(drop);
        }
        QwireException full = catchThrowableOfType(QwireException.class, () -> faults.add(drop));
        assertThat(full.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThat(full.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("faults");
            assertThat(v.message()).isEqualTo("at most 1000 active");
        });
        faults.remove(faults.list().get(0).id());
        assertThat(faults.add(drop)).isNotNull();
        assertThat(faults.list()).hasSize(ReceiverFaults.MAX_ACTIVE);
    }
}

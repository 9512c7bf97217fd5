package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.ScenarioAdmin;
import com.qwire.mock.order.domain.ScenarioCatalog;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Issue 10: the admin API defines at most ScenarioAdmin.MAX_UPLOADED scenarios; replacing one stays allowed. */
class ScenarioUploadLimitTest {
    private static final String YAML = "steps:\n  - to: PROCESSING\n  - to: COMPLETED\n";

    @Test
    void uploadsStopAtTheBoundWithA409NamingItAndReplacingStillWorks() {
        ScenarioAdmin admin = new ScenarioAdmin(new ScenarioCatalog(List.of()), new ScenarioParser(), "happy");
        for (int i = 0; i < ScenarioAdmin.MAX_UPLOADED; i++) {
            assertThat(admin.define("upload-" + i, YAML).created()).isTrue();
        }
        QwireException full = catchThrowableOfType(QwireException.class, () -> admin.define("one-too-many", YAML));
        assertThat(full.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThat(full.code().status()).isEqualTo(409);
        assertThat(full.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("scenarios");
            assertThat(v.message()).isEqualTo("at most 200 uploaded");
        });
        assertThat(admin.define("upload-7", YAML).created()).as("a replacement").isFalse();
        assertThat(admin.all()).hasSize(ScenarioAdmin.MAX_UPLOADED);
    }
}

package com.qwire.mock.shared.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void defaultsComeFromTheSeed() {
        Config c = Config.from(Map.of());
        assertThat(c.dbUrl()).isEmpty();
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.dbUser()).isEqualTo("qwire");
        assertThat(c.dbPassword()).isEqualTo("Qwire2026");
        assertThat(c.orderPort()).isEqualTo(8080);
        assertThat(c.callbackPort()).isEqualTo(8081);
        assertThat(c.logDir()).isEqualTo(Path.of("logs"));
        assertThat(c.callbackUrl()).isEqualTo("http://localhost:8081/v1/callback");
        assertThat(c.seed()).isEmpty();
    }

    @Test
    void portWorkersFollowTheCoresWhileOrderCreationHasSixteenOfItsOwn() {
        int perCore = 4 * Runtime.getRuntime().availableProcessors();
        Config c = Config.from(Map.of());
        assertThat(c.httpWorkers()).isEqualTo(perCore);
        assertThat(c.orderCreateWorkers()).as("a group commit's waiters, whatever the cores").isEqualTo(16);
        Config set = Config.from(Map.of("QWIRE_HTTP_WORKERS", "3", "QWIRE_ORDER_CREATE_WORKERS", "40"));
        assertThat(set.httpWorkers()).isEqualTo(3);
        assertThat(set.orderCreateWorkers()).isEqualTo(40);
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_ORDER_CREATE_WORKERS", "0")))
                .hasMessageContaining("QWIRE_ORDER_CREATE_WORKERS");
    }

    @Test
    void everySettingIsOverridableByEnvironment() {
        Config c = Config.from(Map.of("QWIRE_DB_URL", "jdbc:mariadb://db:3306/x", "QWIRE_CALLBACK_PORT", "9091",
                "QWIRE_DB_CONNECT_TIMEOUT_MS", "750", "QWIRE_SEED", "7", "QWIRE_ACCESS_LOG_CONSOLE", "false"));
        assertThat(c.dbUrl()).contains("jdbc:mariadb://db:3306/x");
        assertThat(c.callbackPort()).isEqualTo(9091);
        assertThat(c.callbackUrl()).as("default callback URL follows the callback port").isEqualTo("http://localhost:9091/v1/callback");
        assertThat(c.dbConnectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.seed()).hasValue(7);
        assertThat(c.accessLogConsole()).isFalse();
    }

    @Test
    void withReplacesOrRemovesSettings() {
        Config base = Config.from(Map.of("QWIRE_DB_URL", "jdbc:h2:mem:x", "QWIRE_ORDER_PORT", "1"));
        java.util.HashMap<String, String> overrides = new java.util.HashMap<>();
        overrides.put("QWIRE_DB_URL", null);
        overrides.put("QWIRE_ORDER_PORT", "9");
        Config changed = base.with(overrides);
        assertThat(changed.dbUrl()).isEmpty();
        assertThat(changed.orderPort()).isEqualTo(9);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_ORDER_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_ORDER_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_ACCESS_LOG_CONSOLE", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_ACCESS_LOG_CONSOLE");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(Config.from(Map.of("QWIRE_DB_PASSWORD", "s3cret-value")).toString()).doesNotContain("s3cret-value");
    }

    @Test
    void everyWholeNumberSettingHasARangeAndAValueOutsideIsOneLine() {
        Config.RANGES.forEach((name, range) -> {
            // The bound itself is inside the range (other checks, such as the lease against the timeouts, may still object).
            Throwable atBound = org.assertj.core.api.Assertions.catchThrowable(() -> Config.from(Map.of(name, Long.toString(range[0]))));
            assertThat(atBound == null ? "" : atBound.getMessage()).as(name).doesNotStartWith(name + " must be between");
            assertThatThrownBy(() -> Config.from(Map.of(name, Long.toString(range[0] - 1)))).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " must be between " + range[0] + " and " + range[1]);
            assertThatThrownBy(() -> Config.from(Map.of(name, "99999999999"))).as(name + ": no silent overflow")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " must be between");
        });
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_CALLBACK_BACKOFF_MULTIPLIER", "-2"))).hasMessageStartingWith("QWIRE_CALLBACK_BACKOFF_MULTIPLIER must be between");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_BIND_HOST", "999.1.1.1"))).hasMessageStartingWith("QWIRE_BIND_HOST must be");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_DB_URL", "jdbc:nonsense://x?password=s3cret")))
                .hasMessageStartingWith("QWIRE_DB_URL must start with").message().doesNotContain("s3cret");
    }

    @Test
    void theAdminTokenIsOptionalLongEnoughAndNeverPrinted() {
        assertThat(Config.from(Map.of()).adminToken()).isEmpty();
        assertThat(Config.from(Map.of("QWIRE_ADMIN_TOKEN", "  ")).adminToken()).isEmpty();
        String token = "0123456789abcdef+/_~.-A==";
        Config guarded = Config.from(Map.of("QWIRE_ADMIN_TOKEN", token));
        assertThat(guarded.adminToken()).hasValue(token);
        assertThat(guarded.toString()).doesNotContain(token);
        for (String bad : new String[] {"short", "0123456789abcdef ghij", "0123456789abcdef\"x", "0123456789abcdef=x"}) {
            assertThatThrownBy(() -> Config.from(Map.of("QWIRE_ADMIN_TOKEN", bad))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("QWIRE_ADMIN_TOKEN must be at least 16 characters").message().doesNotContain(bad);
        }
    }

    @Test
    void aCallbackUrlOrHostListTheCallbackPolicyRefusesStopsStartUpWithOneLine() {
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_CALLBACK_URL", "http://127.0.0.1:8080/v1/admin/reset")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QWIRE_CALLBACK_URL (http://127.0.0.1:8080/v1/admin/reset) must not call the platform's own admin API (/v1/admin/reset)");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_CALLBACK_DENIED_HOSTS", "10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("QWIRE_CALLBACK_ALLOWED_HOSTS / QWIRE_CALLBACK_DENIED_HOSTS: bad CIDR block");
        assertThat(Config.from(Map.of("QWIRE_CALLBACK_DENIED_HOSTS", "none")).callbackDeniedHosts()).isEmpty();
        assertThat(Config.from(Map.of()).callbackDeniedHosts()).contains("169.254.0.0/16");
    }

    @Test
    void aPortOutOfRangeIsOneCleanLine() {
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_ORDER_PORT", "99999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("QWIRE_ORDER_PORT must be a port between 1 and 65535, got 99999");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_CALLBACK_PORT", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("QWIRE_CALLBACK_PORT must be a port between 1 and 65535, got 0");
    }

    @Test
    void thePublicBaseUrlIsAnAbsoluteHttpUrlKeptWithoutATrailingSlash() {
        assertThat(Config.from(Map.of("QWIRE_PUBLIC_BASE_URL", "https://mock.example.com/qwire/")).publicBaseUrl())
                .contains("https://mock.example.com/qwire");
        assertThat(Config.from(Map.of()).publicBaseUrl()).isEmpty();
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_PUBLIC_BASE_URL", "mock.example.com")))
                .hasMessageStartingWith("QWIRE_PUBLIC_BASE_URL must be an absolute http or https URL");
        assertThatThrownBy(() -> Config.from(Map.of("QWIRE_PUBLIC_BASE_URL", "https://mock.example.com/?x=1")))
                .hasMessageStartingWith("QWIRE_PUBLIC_BASE_URL must be an absolute http or https URL");
    }
}

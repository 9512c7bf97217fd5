package com.qwire.mock.shared.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseVendorTest {

    @Test
    void urlSchemeNamesTheVendor() {
        assertThat(DatabaseVendor.ofUrl("jdbc:mysql://h:3306/x")).isEqualTo(DatabaseVendor.MYSQL);
        assertThat(DatabaseVendor.ofUrl("JDBC:MariaDB://h/x")).isEqualTo(DatabaseVendor.MARIADB);
        assertThat(DatabaseVendor.ofUrl("jdbc:h2:file:./data/q")).isEqualTo(DatabaseVendor.H2);
    }

    @Test
    void otherDatabasesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> DatabaseVendor.ofUrl("jdbc:postgresql://h/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_DB_URL");
    }

    @Test
    void nonMysqlUrlsAreResolvedWithoutConnecting() throws Exception {
        assertThat(DatabaseVendor.resolveUrl("jdbc:mariadb://unreachable.invalid:1/x", "u", "p", 10))
                .isEqualTo("jdbc:mariadb://unreachable.invalid:1/x");
    }
}

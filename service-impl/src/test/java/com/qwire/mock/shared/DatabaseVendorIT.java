package com.qwire.mock.shared;

import com.qwire.mock.shared.db.DatabaseVendor;
import com.qwire.mock.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

/** A jdbc:mysql: URL that reaches MariaDB is switched to MariaDB Connector/J (mysql-connector-j misreports it as 5.5.5). */
class DatabaseVendorIT {

    @Test
    void mysqlUrlToAMariaDbServerResolvesToTheMariaDbDriver() throws Exception {
        String mysqlUrl = "jdbc:mysql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/qwire_test";
        String serverVersion;
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
            serverVersion = c.getMetaData().getDatabaseProductVersion();
        }
        String resolved = DatabaseVendor.resolveUrl(mysqlUrl, TestDatabase.user(), TestDatabase.password(), 2000);
        if (serverVersion.contains("MariaDB")) {
            assertThat(resolved).isEqualTo("jdbc:mariadb://" + TestDatabase.host() + ":" + TestDatabase.port() + "/qwire_test");
            assertThat(DatabaseVendor.ofUrl(resolved)).isEqualTo(DatabaseVendor.MARIADB);
        } else {
            assertThat(resolved).isEqualTo(mysqlUrl);
        }
    }
}

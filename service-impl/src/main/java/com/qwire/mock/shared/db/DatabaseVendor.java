package com.qwire.mock.shared.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Which server a JDBC URL really points at, so each gets its proper driver: mysql-connector-j
 * reports MariaDB as "5.5.5" and confuses Flyway and Hibernate, so a {@code jdbc:mysql:} URL that
 * reaches a MariaDB server is switched to MariaDB Connector/J.
 */
public enum DatabaseVendor {
    MYSQL, MARIADB, H2;

    public static DatabaseVendor ofUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        if (lower.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("QWIRE_DB_URL must start with jdbc:mysql:, jdbc:mariadb: or jdbc:h2:, got " + url);
    }

    /** The URL to use: unchanged, except a MySQL URL whose server turns out to be MariaDB. */
    public static String resolveUrl(String url, String user, String password, int connectTimeoutMillis) throws SQLException {
        if (ofUrl(url) != MYSQL) {
            return url;
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Integer.toString(connectTimeoutMillis));
        // A server that accepts but never greets must not hold the start-up forever.
        props.setProperty("socketTimeout", Integer.toString(connectTimeoutMillis));
        try (Connection c = DriverManager.getConnection(url, props)) {
            String version = c.getMetaData().getDatabaseProductVersion();
            return version.toLowerCase(Locale.ROOT).contains("mariadb") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        }
    }
}

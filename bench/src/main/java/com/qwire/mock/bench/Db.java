package com.qwire.mock.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The benchmark database, with the platform's own user and password settings. */
final class Db {
    private Db() {
    }

    static Connection connect(String url) throws SQLException {
        String user = System.getenv().getOrDefault("QWIRE_DB_USER", "qwire");
        String password = System.getenv().getOrDefault("QWIRE_DB_PASSWORD", "Qwire2026");
        Connection c = DriverManager.getConnection(url.replace("jdbc:mysql:", "jdbc:mariadb:"), user, password);
        c.setAutoCommit(true);
        return c;
    }
}

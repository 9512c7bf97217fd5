package com.qwire.mock.testing;

/**
 * The real MySQL/MariaDB the integration and contract tests run on. Prepared by
 * scripts/prepare_mysql.sh (database qwire_test); never H2.
 */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static String url() {
        String url = System.getenv().getOrDefault("QWIRE_TEST_DB_URL", "jdbc:mariadb://127.0.0.1:3306/qwire_test");
        if (url.startsWith("jdbc:h2")) {
            throw new IllegalStateException("QWIRE_TEST_DB_URL points at H2; integration tests run on real MySQL/MariaDB only");
        }
        return url;
    }

    /** The same server reached through another URL, e.g. a proxy on {@code port}. */
    public static String urlThrough(String host, int port) {
        return url().replaceFirst("//[^/]+/", "//" + host + ":" + port + "/");
    }

    public static String host() {
        return url().replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("[:/].*$", "");
    }

    public static int port() {
        String afterHost = url().replaceFirst("^jdbc:[a-z]+://[^:/]+", "");
        return afterHost.startsWith(":") ? Integer.parseInt(afterHost.substring(1).replaceFirst("/.*$", "")) : 3306;
    }

    public static String user() {
        return System.getenv().getOrDefault("QWIRE_DB_USER", "qwire");
    }

    public static String password() {
        return System.getenv().getOrDefault("QWIRE_DB_PASSWORD", "Qwire2026");
    }

    /** A plain connection as the tests' user, for setting rows up and reading them back. */
    public static java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(url(), user(), password());
    }

    /**
     * Deletes every order with its history, transitions and callbacks, before a platform starts: what other
     * suites left on the shared database (a callback retrying against an unreachable target) would
     * otherwise be attempted by the next platform's dispatcher before that suite could reset anything.
     * A database without the schema yet is left alone.
     */
    public static void deleteAllOrders() {
        try (java.sql.Connection c = connect()) {
            if (!c.getMetaData().getTables(c.getCatalog(), null, "orders", null).next()) {
                return;
            }
            for (String table : new String[] {"callback_attempts", "callback_outbox", "order_transitions", "order_history", "orders"}) {
                execute(c, "DELETE FROM " + table);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot empty the test database " + url(), e);
        }
    }

    /** One statement with positional arguments. */
    public static int execute(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        }
    }

    /** The first column of a query's first row, as text; no row fails the test. */
    public static String single(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = prepare(c, sql, args); java.sql.ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new AssertionError("No row: " + sql);
            }
            return rs.getString(1);
        }
    }

    private static java.sql.PreparedStatement prepare(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        java.sql.PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s;
        } catch (java.sql.SQLException e) {
            s.close();
            throw e;
        }
    }
}

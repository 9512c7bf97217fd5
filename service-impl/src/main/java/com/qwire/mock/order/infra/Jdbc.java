package com.qwire.mock.order.infra;

import org.hibernate.SharedSessionContract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collection;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Plain statements for the hot paths the profile named (issue 8): set-based updates and batched inserts
 * inside the session's transaction, without Hibernate's per-row entity work. Values are bound as the
 * entity mappings store them: UUIDs as their text (CHAR(36)), instants as UTC timestamps (the session
 * factory's JDBC time zone), enums by name.
 */
final class Jdbc {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private Jdbc() {
    }

    /** "(?, ?, ?)" for {@code n} values. */
    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 3 + 2).append('(');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }

    /** One statement; {@code values} bound in order (a collection is spread, for an IN list). Returns the rows changed. */
    static int update(SharedSessionContract session, String sql, Object... values) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindAll(statement, values);
                return statement.executeUpdate();
            }
        });
    }

    /**
     * Writes that end a transaction (issue 8: a round trip to the database is the dearest thing on the hot
     * paths). {@link #send} sends them, values bound, with the {@code COMMIT} as one multi-statement — one
     * round trip — where the connection allows it (MariaDB's, {@code allowMultiQueries}); elsewhere one by
     * one, and the session commits as usual. The server stops at the first statement that fails: the
     * transaction is left open with what came before, and the session's rollback ends it. After the COMMIT
     * the driver knows from the server's status flags that no transaction is open, so the session's own
     * commit sends nothing.
     */
    static final class Writes {
        private final List<String> statements = new ArrayList<>();
        private final List<Object[]> values = new ArrayList<>();

        /** One statement; its values as {@link #update} binds them (a collection is spread, for an IN list). */
        Writes add(String sql, Object... statementValues) {
            statements.add(sql);
            values.add(statementValues);
            return this;
        }

        /** {@code INSERT INTO table (columns) VALUES (?, …), …} for {@code rows}, in one statement (no rows: nothing). */
        Writes insert(String table, String columns, List<Object[]> rows) {
            if (rows.isEmpty()) {
                return this;
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(columns).append(") VALUES ");
            List<Object> all = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(placeholders(rows.get(i).length));
                all.addAll(Arrays.asList(rows.get(i)));
            }
            return add(sql.toString(), all.toArray());
        }

        /**
         * Sends the writes: {@code withCommit} (the pool allows multi-statements), all of them and the COMMIT in one
         * round trip; otherwise one by one, and the session commits as usual.
         */
        void send(SharedSessionContract session, boolean withCommit) {
            if (statements.isEmpty()) {
                return;
            }
            if (!withCommit) {
                for (int i = 0; i < statements.size(); i++) {
                    update(session, statements.get(i), values.get(i));
                }
                return;
            }
            StringBuilder sql = new StringBuilder();
            List<Object> all = new ArrayList<>();
            for (int i = 0; i < statements.size(); i++) {
                sql.append(statements.get(i)).append("; ");
                all.addAll(Arrays.asList(values.get(i)));
            }
            update(session, sql.append("COMMIT").toString(), all.toArray());
        }
    }

    /** A query whose rows {@code mapper} turns into values. */
    static <T> List<T> query(SharedSessionContract session, String sql, RowMapper<T> mapper, Object... values) {
        return session.doReturningWork(connection -> query(connection, sql, mapper, values));
    }

    private static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindAll(statement, values);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, Calendar.getInstance(UTC));
        return t == null ? null : t.toInstant();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : UUID.fromString(s);
    }

    private static void bindAll(PreparedStatement statement, Object[] values) throws SQLException {
        int index = 1;
        for (Object value : values) {
            if (value instanceof Collection<?> spread) {
                for (Object v : spread) {
                    bind(statement, index++, v);
                }
            } else {
                bind(statement, index++, value);
            }
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setObject(index, null);
        } else if (value instanceof Instant instant) {
            // The UTC wall-clock time, as a Timestamp with a UTC calendar would give, without MariaDB Connector/J
            // formatting that through a new SimpleDateFormat and Calendar per value (2.5 % of the server's CPU at
            // 400 running orders/s, nearly all from here: bench/results.md, 2026-12-01T05:50Z).
            statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof UUID || value instanceof Enum<?>) {
            statement.setString(index, value instanceof Enum<?> e ? e.name() : value.toString());
        } else {
            statement.setObject(index, value);
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}

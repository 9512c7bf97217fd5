package com.qwire.mock.shared.db;

import com.qwire.mock.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V10 (issue 8) on a database that already holds an order's whole life: the keys become ASCII compared byte for
 * byte, the rows stay as they were, and the foreign keys it drops to change the columns' types come back and hold.
 */
class KeyCollationMigrationIT {
    private static final String ORDER = "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b";
    private static final String TRANSITION = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";
    private static final String EVENT = "c0ffee00-1234-4abc-8def-0123456789ab";
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";
    /** Every UUID and status column the platform looks rows up by. */
    private static final List<String> KEY_COLUMNS = List.of("orders.reference", "orders.status", "order_history.order_reference",
            "order_transitions.id", "order_transitions.order_reference", "order_transitions.status", "callback_outbox.event_id",
            "callback_outbox.order_reference", "callback_outbox.status", "callback_attempts.event_id");

    @BeforeAll
    static void migrateAHistoryUpToV9ThenOn() throws SQLException {
        Database.migrations().dataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password()).cleanDisabled(false)
                .load().clean();
        migrate("9");
        try (Connection c = TestDatabase.connect()) {
            TestDatabase.execute(c, "INSERT INTO orders (reference, product_code, quantity, amount, currency, status, scenario, callback_url,"
                    + " request_hash, trace_id, created_at, updated_at, version) VALUES (?, 'SKU-BOOK-001', 2, 19.90, 'EUR', 'PROCESSING',"
                    + " 'happy', 'http://127.0.0.1:1/cb', ?, 'trace-v9', '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000', 1)",
                    ORDER, "a".repeat(64));
            TestDatabase.execute(c, "INSERT INTO order_history (order_reference, seq, from_status, to_status, changed_at, reason)"
                    + " VALUES (?, 0, NULL, 'PENDING', '2026-01-01 00:00:00.000', 'created'),"
                    + " (?, 1, 'PENDING', 'PROCESSING', '2026-01-01 00:00:01.000', 'scenario')", ORDER, ORDER);
            TestDatabase.execute(c, "INSERT INTO order_transitions (id, order_reference, target_status, reason, due_at, status)"
                    + " VALUES (?, ?, 'COMPLETED', 'scenario', '2026-01-01 00:00:03.000', 'PENDING')", TRANSITION, ORDER);
            TestDatabase.execute(c, "INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type, order_status, payload,"
                    + " target_url, trace_id, status, attempts, manual, next_attempt_at, created_at, target_key)"
                    + " VALUES (?, ?, 1, 'order.status_changed', 'PROCESSING', '{}', 'http://127.0.0.1:1/cb', 'trace-v9', 'PENDING', 1, 0,"
                    + " '2026-01-01 00:00:02.000', '2026-01-01 00:00:01.000', 'http://127.0.0.1:1')", EVENT, ORDER);
            TestDatabase.execute(c, "INSERT INTO callback_attempts (event_id, attempt, trigger_kind, started_at, duration_ms, outcome)"
                    + " VALUES (?, 1, 'SCHEDULED', '2026-01-01 00:00:01.000', 12, 'RETRY')", EVENT);
        }
        migrate(null);
    }

    @AfterAll
    static void leaveNoOrdersBehind() {
        TestDatabase.deleteAllOrders();
    }

    private static void migrate(String target) {
        var config = Database.migrations().dataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    @Test
    void theKeyColumnsCompareByteForByte() throws SQLException {
        List<String> collations = new ArrayList<>();
        try (Connection c = TestDatabase.connect()) {
            for (String column : KEY_COLUMNS) {
                String[] parts = column.split("\\.");
                collations.add(column + " " + TestDatabase.single(c, "SELECT collation_name FROM information_schema.columns"
                        + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?", parts[0], parts[1]));
            }
        }
        assertThat(collations).allSatisfy(c -> assertThat(c).endsWith(" ascii_bin"));
    }

    @Test
    void theRowsOfTheOrdersLifeAreKept() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            assertThat(TestDatabase.single(c, "SELECT CONCAT_WS('|', status, version, trace_id) FROM orders WHERE reference = ?", ORDER))
                    .isEqualTo("PROCESSING|1|trace-v9");
            assertThat(TestDatabase.single(c, "SELECT GROUP_CONCAT(to_status ORDER BY seq) FROM order_history WHERE order_reference = ?", ORDER))
                    .isEqualTo("PENDING,PROCESSING");
            assertThat(TestDatabase.single(c, "SELECT CONCAT_WS('|', order_reference, target_status, status) FROM order_transitions WHERE id = ?",
                    TRANSITION)).isEqualTo(ORDER + "|COMPLETED|PENDING");
            assertThat(TestDatabase.single(c, "SELECT CONCAT_WS('|', order_reference, status, attempts, target_key) FROM callback_outbox WHERE event_id = ?",
                    EVENT)).isEqualTo(ORDER + "|PENDING|1|http://127.0.0.1:1");
            assertThat(TestDatabase.single(c, "SELECT CONCAT_WS('|', attempt, outcome) FROM callback_attempts WHERE event_id = ?", EVENT))
                    .isEqualTo("1|RETRY");
            assertThat(TestDatabase.single(c, "SELECT COUNT(*) FROM callback_outbox o JOIN orders r ON r.reference = o.order_reference"
                    + " JOIN callback_attempts a ON a.event_id = o.event_id")).as("the keys still join").isEqualTo("1");
        }
    }

    @Test
    void theForeignKeysAreBackAndHold() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            assertThat(TestDatabase.single(c, "SELECT GROUP_CONCAT(constraint_name ORDER BY constraint_name) FROM information_schema.referential_constraints"
                    + " WHERE constraint_schema = DATABASE() AND referenced_table_name IN ('orders', 'callback_outbox')"))
                    .isEqualTo("fk_attempts_outbox,fk_order_history_order,fk_outbox_order,fk_transitions_order");
            assertThatThrownBy(() -> TestDatabase.execute(c, "INSERT INTO order_history (order_reference, seq, to_status, changed_at, reason)"
                    + " VALUES (?, 0, 'PENDING', '2026-01-01 00:00:00.000', 'orphan')", MISSING))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThatThrownBy(() -> TestDatabase.execute(c, "INSERT INTO callback_attempts (event_id, attempt, trigger_kind, started_at,"
                    + " duration_ms, outcome) VALUES (?, 1, 'SCHEDULED', '2026-01-01 00:00:00.000', 1, 'RETRY')", MISSING))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThatThrownBy(() -> TestDatabase.execute(c, "DELETE FROM orders WHERE reference = ?", ORDER))
                    .as("an order with children cannot go").isInstanceOf(SQLIntegrityConstraintViolationException.class);
        }
    }
}

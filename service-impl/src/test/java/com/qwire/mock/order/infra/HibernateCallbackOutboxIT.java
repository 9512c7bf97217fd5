package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes recorded in batches, on the real database: each applies only for the lease holder of
 * that very attempt. The rows here are due in 2000 and claimed "in 2001", so no other test's rows
 * (due in this century) are ever claimed; they are removed afterwards.
 */
class HibernateCallbackOutboxIT {
    private static final Instant CLAIM_AT = Instant.parse("2001-01-01T00:00:00Z");
    private static final UUID ORDER = UUID.randomUUID();
    private static Database database;
    private static HibernateCallbackOutbox outbox;

    @BeforeAll
    static void migrate() throws Exception {
        database = new Database(TestPlatform.config(Map.of()), OrderPersistence.ENTITIES);
        database.startInBackground(fatal -> { });
        assertThat(database.awaitReady(Duration.ofSeconds(60))).as("database ready").isTrue();
        outbox = new HibernateCallbackOutbox(database);
        try (Connection c = connect()) {
            execute(c, "INSERT INTO orders (reference, product_code, quantity, amount, currency, status, callback_url, request_hash, scenario, plan, "
                    + "trace_id, created_at, updated_at, version) VALUES (?, 'SKU-BOOK-001', 1, 1.00, 'EUR', 'CREATED', 'http://x', REPEAT('0', 64), 'happy', "
                    + "'{}', 't', '2000-01-01 00:00:00', '2000-01-01 00:00:00', 0)", ORDER.toString());
            for (int sequence = 1; sequence <= 3; sequence++) {
                execute(c, "INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type, order_status, payload, target_url, "
                        + "trace_id, status, attempts, extra_deliveries, manual, next_attempt_at, created_at) VALUES (?, ?, ?, "
                        + "'order.status_changed', 'PROCESSING', '{}', 'http://x', 't', 'PENDING', 0, 0, false, '2000-01-01 00:00:00', "
                        + "'2000-01-01 00:00:00')", UUID.randomUUID().toString(), ORDER.toString(), sequence);
            }
        }
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        try (Connection c = connect()) {
            execute(c, "DELETE FROM callback_attempts WHERE event_id IN (SELECT event_id FROM callback_outbox WHERE order_reference = ?)",
                    ORDER.toString());
            execute(c, "DELETE FROM callback_outbox WHERE order_reference = ?", ORDER.toString());
            execute(c, "DELETE FROM orders WHERE reference = ?", ORDER.toString());
        }
        database.close();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private static String column(UUID eventId, String column) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM callback_outbox WHERE event_id = ?")) {
            s.setString(1, eventId.toString());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static int attemptsRecorded(UUID eventId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM callback_attempts WHERE event_id = ?")) {
            s.setString(1, eventId.toString());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static CallbackOutbox.Completion outcome(CallbackOutbox.Delivery d, int attempt, DeliveryStatus after, Integer status) {
        Instant finished = CLAIM_AT.plusMillis(20);
        return new CallbackOutbox.Completion(d, new CallbackOutbox.AttemptRecord(attempt, false, CLAIM_AT, finished, 20, status, after,
                status != null && status == 200 ? null : "HTTP " + status, after == DeliveryStatus.PENDING ? finished.plusSeconds(1) : null));
    }

    @Test
    void aBatchOfOutcomesAppliesOnlyWhereTheLeaseIsStillHeldForThatAttempt() throws SQLException {
        List<CallbackOutbox.Delivery> claimed = outbox.claimDue(CLAIM_AT, 10, "owner-a", Duration.ofSeconds(30)).stream()
                .filter(d -> d.reference().equals(ORDER)).sorted(Comparator.comparing(CallbackOutbox.Delivery::eventId)).toList();
        assertThat(claimed).hasSize(3).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
        CallbackOutbox.Delivery delivered = claimed.get(0);
        CallbackOutbox.Delivery retried = claimed.get(1);
        CallbackOutbox.Delivery stale = claimed.get(2);

        List<Boolean> applied = outbox.completeAll("owner-a", List.of(
                outcome(delivered, 1, DeliveryStatus.DELIVERED, 200),
                outcome(retried, 1, DeliveryStatus.PENDING, 503),
                outcome(stale, 2, DeliveryStatus.DELIVERED, 200))); // not the attempt this lease is for
        assertThat(applied).containsExactly(true, true, false);
        assertThat(outbox.completeAll("owner-b", List.of(outcome(stale, 1, DeliveryStatus.DELIVERED, 200))))
                .as("another owner's lease").containsExactly(false);

        assertThat(column(delivered.eventId(), "status")).isEqualTo("DELIVERED");
        assertThat(column(delivered.eventId(), "locked_by")).isNull();
        assertThat(column(retried.eventId(), "status")).isEqualTo("PENDING");
        assertThat(column(retried.eventId(), "last_status_code")).isEqualTo("503");
        assertThat(column(stale.eventId(), "status")).as("untouched").isEqualTo("IN_FLIGHT");
        assertThat(column(stale.eventId(), "locked_by")).isEqualTo("owner-a");
        assertThat(attemptsRecorded(delivered.eventId())).isEqualTo(1);
        assertThat(attemptsRecorded(retried.eventId())).isEqualTo(1);
        assertThat(attemptsRecorded(stale.eventId())).isZero();

        assertThat(outbox.complete(stale, "owner-a", outcome(stale, 1, DeliveryStatus.DELIVERED, 200).attempt())).isTrue();
        assertThat(column(stale.eventId(), "status")).isEqualTo("DELIVERED");
        assertThat(outbox.completeAll("owner-a", List.of())).isEmpty();
    }
}

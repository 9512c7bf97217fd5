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
    /** A target of this test's own: claims and holds are per target, so no other test's rows are touched. */
    private static final String TARGET = "http://outbox-it-" + ORDER.toString().substring(0, 8) + ":9";
    private static final UUID MIXED_ORDER = UUID.randomUUID();
    private static final String MIXED_TARGET = "http://outbox-it-" + MIXED_ORDER.toString().substring(0, 8) + ":9";
    private static final UUID HELD_ORDER = UUID.randomUUID();
    private static final String HELD_TARGET = "http://outbox-it-" + HELD_ORDER.toString().substring(0, 8) + ":9";
    private static Database database;
    private static HibernateCallbackOutbox outbox;

    @BeforeAll
    static void migrate() throws Exception {
        database = new Database(TestPlatform.config(Map.of()), OrderPersistence.ENTITIES);
        database.startInBackground(fatal -> { });
        assertThat(database.awaitReady(Duration.ofSeconds(60))).as("database ready").isTrue();
        outbox = new HibernateCallbackOutbox(database);
        try (Connection c = TestDatabase.connect()) {
            insertOrder(c, ORDER, TARGET, 3, "2000-01-01 00:00:00");
            // Four more to another target: two due, one due after the probe, one in flight with an expired lease.
            insertOrder(c, HELD_ORDER, HELD_TARGET, 3, "2000-06-01 00:00:00");
            TestDatabase.execute(c, "UPDATE callback_outbox SET next_attempt_at = '2001-01-01 00:10:00' WHERE order_reference = ? AND sequence = 3",
                    HELD_ORDER.toString());
            TestDatabase.execute(c, "INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type, order_status, payload, target_url, "
                    + "target_key, trace_id, status, attempts, extra_deliveries, manual, next_attempt_at, locked_by, locked_until, created_at)"
                    + " VALUES (?, ?, 4, 'order.status_changed', 'COMPLETED', '{}', ?, ?, 't', 'IN_FLIGHT', 1, 0, false,"
                    + " '2000-06-01 00:00:00', 'gone', '2000-06-01 00:00:30', '2000-06-01 00:00:00')",
                    UUID.randomUUID().toString(), HELD_ORDER.toString(), HELD_TARGET + "/hook", HELD_TARGET);
        }
    }

    private static void insertOrder(Connection c, UUID reference, String target, int events, String at) throws SQLException {
        TestDatabase.execute(c, "INSERT INTO orders (reference, product_code, quantity, amount, currency, status, callback_url, request_hash, scenario, plan, "
                + "trace_id, created_at, updated_at, version) VALUES (?, 'SKU-BOOK-001', 1, 1.00, 'EUR', 'CREATED', ?, REPEAT('0', 64), 'happy', "
                + "'{}', 't', ?, ?, 0)", reference.toString(), target + "/hook", at, at);
        for (int sequence = 1; sequence <= events; sequence++) {
            TestDatabase.execute(c, "INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type, order_status, payload, target_url, "
                    + "target_key, trace_id, status, attempts, extra_deliveries, manual, next_attempt_at, created_at) VALUES (?, ?, ?, "
                    + "'order.status_changed', 'PROCESSING', '{}', ?, ?, 't', 'PENDING', 0, 0, false, ?, ?)",
                    UUID.randomUUID().toString(), reference.toString(), sequence, target + "/hook", target, at, at);
        }
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            for (UUID order : List.of(ORDER, HELD_ORDER, MIXED_ORDER)) {
                TestDatabase.execute(c, "DELETE FROM callback_attempts WHERE event_id IN (SELECT event_id FROM callback_outbox WHERE order_reference = ?)",
                        order.toString());
                TestDatabase.execute(c, "DELETE FROM callback_outbox WHERE order_reference = ?", order.toString());
                TestDatabase.execute(c, "DELETE FROM orders WHERE reference = ?", order.toString());
            }
        }
        database.close();
    }



    private static String column(UUID eventId, String column) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM callback_outbox WHERE event_id = ?")) {
            s.setString(1, eventId.toString());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    /** A time column as the database holds it, to the microsecond (no driver formatting in between). */
    private static String time(UUID eventId, String column) throws SQLException {
        return column(eventId, "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')");
    }

    private static int attemptsRecorded(UUID eventId) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM callback_attempts WHERE event_id = ?")) {
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
                status != null && status == 200 ? null : com.qwire.mock.order.domain.AttemptError.HTTP_STATUS,
                status != null && status == 200 ? null : "HTTP " + status, after == DeliveryStatus.PENDING ? finished.plusSeconds(1) : null));
    }

    /** Completions are written a group of alike outcomes per statement: each row must still get its own times. */
    @Test
    void aMixedBatchSettlesEveryRowWithItsOwnOutcomeAndTimes() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            insertOrder(c, MIXED_ORDER, MIXED_TARGET, 4, "2000-03-01 00:00:00");
            TestDatabase.execute(c, "UPDATE callback_outbox SET extra_deliveries = 1 WHERE order_reference = ? AND sequence = 4", MIXED_ORDER.toString());
        }
        Map<Long, CallbackOutbox.Delivery> bySequence = new java.util.HashMap<>();
        List<CallbackOutbox.Delivery> claimed = outbox.claim(CLAIM_AT, Map.of(MIXED_TARGET, 10), "owner-m", Duration.ofSeconds(30));
        assertThat(claimed).hasSize(4);
        for (CallbackOutbox.Delivery d : claimed) {
            bySequence.put(Long.valueOf(column(d.eventId(), "sequence")), d);
        }
        CallbackOutbox.Delivery first = bySequence.get(1L), second = bySequence.get(2L), dead = bySequence.get(3L), twice = bySequence.get(4L);

        assertThat(outbox.completeAll("owner-m", List.of(
                finished(first, DeliveryStatus.DELIVERED, 200, 20),
                finished(second, DeliveryStatus.DELIVERED, 200, 35),
                finished(dead, DeliveryStatus.DEAD_LETTER, 410, 40),
                finished(twice, DeliveryStatus.DELIVERED, 200, 50)))).containsExactly(true, true, true, true);

        assertThat(column(first.eventId(), "status")).isEqualTo("DELIVERED");
        assertThat(time(first.eventId(), "delivered_at")).isEqualTo("2001-01-01 00:00:00.020000");
        assertThat(time(second.eventId(), "delivered_at")).isEqualTo("2001-01-01 00:00:00.035000");
        assertThat(time(first.eventId(), "next_attempt_at")).as("kept").isEqualTo("2000-03-01 00:00:00.000000");
        assertThat(column(first.eventId(), "dead_lettered_at")).isNull();
        assertThat(column(dead.eventId(), "status")).isEqualTo("DEAD_LETTER");
        assertThat(column(dead.eventId(), "last_status_code")).isEqualTo("410");
        assertThat(time(dead.eventId(), "dead_lettered_at")).isEqualTo("2001-01-01 00:00:00.040000");
        assertThat(column(dead.eventId(), "delivered_at")).isNull();
        // Delivered, and owed once more: pending again at once, the duplicate spent.
        assertThat(column(twice.eventId(), "status")).isEqualTo("PENDING");
        assertThat(time(twice.eventId(), "delivered_at")).isEqualTo("2001-01-01 00:00:00.050000");
        assertThat(time(twice.eventId(), "next_attempt_at")).isEqualTo("2001-01-01 00:00:00.050000");
        assertThat(column(twice.eventId(), "extra_deliveries")).isEqualTo("0");
        for (CallbackOutbox.Delivery d : claimed) {
            assertThat(column(d.eventId(), "locked_by")).isNull();
            assertThat(column(d.eventId(), "locked_until")).isNull();
            assertThat(attemptsRecorded(d.eventId())).isEqualTo(1);
        }
    }

    private static CallbackOutbox.Completion finished(CallbackOutbox.Delivery d, DeliveryStatus after, int status, int afterMillis) {
        Instant finished = CLAIM_AT.plusMillis(afterMillis);
        return new CallbackOutbox.Completion(d, new CallbackOutbox.AttemptRecord(d.attempt(), false, CLAIM_AT, finished, afterMillis, status,
                after, status == 200 ? null : com.qwire.mock.order.domain.AttemptError.HTTP_STATUS, status == 200 ? null : "HTTP " + status,
                null));
    }

    @Test
    void aBatchOfOutcomesAppliesOnlyWhereTheLeaseIsStillHeldForThatAttempt() throws SQLException {
        List<CallbackOutbox.Delivery> claimed = outbox.claim(CLAIM_AT, Map.of(TARGET, 10), "owner-a", Duration.ofSeconds(30)).stream().sorted(Comparator.comparing(CallbackOutbox.Delivery::eventId)).toList();
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

    @Test
    void aHeldTargetsEventsWaitForTheProbeSpendingNoAttemptAndAreReleasedWhenItCloses() throws SQLException {
        assertThat(outbox.dueTargets(CLAIM_AT, 10_000)).extracting(CallbackOutbox.DueTarget::target).contains(HELD_TARGET);
        Instant probe = CLAIM_AT.plusSeconds(10);

        List<CallbackOutbox.Delivery> probed = outbox.claim(CLAIM_AT, Map.of(HELD_TARGET, 1), "owner-a", Duration.ofSeconds(30));
        assertThat(outbox.hold(HELD_TARGET, probe, CLAIM_AT)).as("the two other due events, one of them an expired lease").isEqualTo(2);

        assertThat(probed).as("one probe, the earliest due").hasSize(1).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
        Map<Long, CallbackOutbox.DeliveryView> bySequence = new java.util.HashMap<>();
        outbox.journal(java.util.Optional.of(HELD_ORDER), java.util.Optional.empty(), 10).forEach(v -> bySequence.put(v.sequence(), v));
        assertThat(bySequence.get(1L).status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
        assertThat(bySequence.get(1L).eventId()).isEqualTo(probed.get(0).eventId());
        assertThat(List.of(bySequence.get(2L), bySequence.get(4L))).allSatisfy(v -> {
            assertThat(v.status()).as("an expired lease returns to pending").isEqualTo(DeliveryStatus.PENDING);
            assertThat(v.nextAttemptAt()).isEqualTo(probe);
            assertThat(v.circuitHeldSince()).isEqualTo(CLAIM_AT);
            assertThat(v.target()).isEqualTo(HELD_TARGET);
        });
        assertThat(bySequence.get(2L).attempts()).as("no attempt spent").isZero();
        assertThat(bySequence.get(4L).attempts()).as("the lost attempt stays counted, no more").isEqualTo(1);
        assertThat(bySequence.get(3L).nextAttemptAt()).as("due after the probe: untouched").isEqualTo(Instant.parse("2001-01-01T00:10:00Z"));
        assertThat(bySequence.get(3L).circuitHeldSince()).isNull();
        assertThat(outbox.dueTargets(CLAIM_AT.plusSeconds(5), 10_000)).extracting(CallbackOutbox.DueTarget::target)
                .as("nothing of the held target is due before the probe").doesNotContain(HELD_TARGET);

        assertThat(outbox.releaseHeld(HELD_TARGET, CLAIM_AT.plusSeconds(2))).isEqualTo(2);
        List<CallbackOutbox.Delivery> released = outbox.claim(CLAIM_AT.plusSeconds(2), Map.of(HELD_TARGET, 10), "owner-a",
                Duration.ofSeconds(30));
        assertThat(released).extracting(CallbackOutbox.Delivery::attempt).containsExactlyInAnyOrder(1, 2);
        assertThat(outbox.journal(java.util.Optional.of(HELD_ORDER), java.util.Optional.empty(), 10))
                .allSatisfy(v -> assertThat(v.circuitHeldSince()).as("claimed, or never held").isNull());
    }
}

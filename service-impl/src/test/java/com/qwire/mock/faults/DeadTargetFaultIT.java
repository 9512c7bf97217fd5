package com.qwire.mock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.order.infra.OrderPersistence;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The newcomer's case of issue 9, as a real process on MariaDB: the database holds 10,000 overdue
 * callbacks to a port where nothing listens. A fresh order's callbacks to a live receiver go within
 * their normal latency (they waited 17 s and more before), and the dead target is found out by its
 * breaker after a handful of attempts instead of burning through the backlog.
 */
class DeadTargetFaultIT {
    private static final int BACKLOG = 10_000;
    private static final int FRESH_ORDERS = 20;
    /**
     * Normal latency, from the event being written to its first attempt, is 15 to 200 ms on this machine
     * with no backlog (the same test with 10 dead events); the bar is 2 s.
     */
    private static final Duration NORMAL = Duration.ofSeconds(2);

    @Test
    void tenThousandDueEventsToADeadTargetDelayNoOtherTarget(@TempDir Path dir) throws Exception {
        UUID backlogOrder = UUID.randomUUID();
        int deadPort = TestPlatform.freePort();
        String deadTarget = "http://127.0.0.1:" + deadPort;
        migrate();
        try (TestReceiver receiver = new TestReceiver(); Connection db = TestDatabase.connect()) {
            insertBacklog(db, backlogOrder, deadTarget);
            int port = TestPlatform.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QWIRE_DB_URL", TestDatabase.url());
            env.put("QWIRE_ORDER_PORT", Integer.toString(port));
            env.put("QWIRE_CALLBACK_PORT", Integer.toString(TestPlatform.freePort()));
            env.put("QWIRE_CALLBACK_URL", receiver.url());
            env.put("QWIRE_LOG_DIR", dir.resolve("logs").toString());
            env.put("QWIRE_ACCESS_LOG_CONSOLE", "false");
            String base = "http://127.0.0.1:" + port;
            try (ServiceProcess service = ServiceProcess.start("order", env, dir.resolve("service.out"))) {
                service.awaitReady(base + "/health/ready");
                List<String> fresh = new ArrayList<>();
                for (int i = 0; i < FRESH_ORDERS; i++) {
                    var created = Http.postJson(base + "/v1/order",
                            "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}");
                    assertThat(created.statusCode()).isEqualTo(201);
                    fresh.add(json(created.body()).get("reference").asText());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> fresh.stream().allMatch(r -> receiver.receivedFor(r).size() == 2));
                // Received is not yet recorded: outcomes are written in batches just after. Wait for the journal to say so.
                await().atMost(Duration.ofSeconds(30)).until(() -> fresh.stream().allMatch(r ->
                        json(Http.get(base + "/v1/admin/callbacks?reference=" + r).body()).get("events").findValuesAsText("status")
                                .equals(List.of("DELIVERED", "DELIVERED"))));

                // Each fresh callback's first attempt started within normal latency of the event being written.
                Duration worst = Duration.ZERO;
                List<Long> latencies = new ArrayList<>();
                for (String reference : fresh) {
                    JsonNode events = json(Http.get(base + "/v1/admin/callbacks?reference=" + reference).body()).get("events");
                    assertThat(events).hasSize(2).allSatisfy(event -> {
                        assertThat(event.get("status").asText()).isEqualTo("DELIVERED");
                        Instant written = OffsetDateTime.parse(event.get("createdAt").asText()).toInstant();
                        Instant sent = OffsetDateTime.parse(event.get("attemptLog").get(0).get("startedAt").asText()).toInstant();
                        assertThat(Duration.between(written, sent)).as("latency of %s", event.get("eventId").asText())
                                .isLessThanOrEqualTo(NORMAL);
                    });
                    for (JsonNode event : events) {
                        Duration latency = Duration.between(OffsetDateTime.parse(event.get("createdAt").asText()).toInstant(),
                                OffsetDateTime.parse(event.get("attemptLog").get(0).get("startedAt").asText()).toInstant());
                        worst = latency.compareTo(worst) > 0 ? latency : worst;
                        latencies.add(latency.toMillis());
                    }
                }

                // The dead target: a few attempts found it out; the backlog waits for the probe, its attempts unspent.
                long[] backlog = backlogState(db, backlogOrder);
                // The bound, derived: the target's cap (48) in flight at once; each of the first 9 failures frees its slot
                // before the 10th opens the breaker, so a claim in between may send up to 9 more; then a probe or two.
                // (51 held across earlier runs; CI once saw 56.)
                assertThat(backlog[0]).as("attempts spent on the dead target").isBetween(10L, 48L + 9 + 2);
                assertThat(backlog[1]).as("events waiting for the breaker").isGreaterThanOrEqualTo(BACKLOG - (48 + 9 + 2));
                assertThat(backlog[2]).as("none dead-lettered").isZero();
                System.out.printf("DeadTargetFaultIT: %d fresh callbacks, worst latency %d ms; dead target: %d attempts, %d held%n",
                        FRESH_ORDERS * 2, worst.toMillis(), backlog[0], backlog[1]);
                System.out.println("DeadTargetFaultIT latencies (ms, per order): " + latencies);
                assertThat(service.output()).contains("Callback target " + deadTarget + " did not answer too often");
            }
        } finally {
            try (Connection db = TestDatabase.connect()) {
                TestDatabase.execute(db, "DELETE FROM callback_attempts WHERE event_id IN (SELECT event_id FROM callback_outbox WHERE order_reference = ?)",
                        backlogOrder.toString());
                TestDatabase.execute(db, "DELETE FROM callback_outbox WHERE order_reference = ?", backlogOrder.toString());
                TestDatabase.execute(db, "DELETE FROM orders WHERE reference = ?", backlogOrder.toString());
            }
        }
    }

    /** The schema as the service will find it (the backlog is there before it starts). */
    private static void migrate() throws InterruptedException {
        Database database = new Database(TestPlatform.config(Map.of()), OrderPersistence.ENTITIES);
        try {
            database.startInBackground(fatal -> { });
            assertThat(database.awaitReady(Duration.ofSeconds(60))).as("database ready").isTrue();
        } finally {
            database.close();
        }
    }

    /** One order holding the backlog: 10,000 events overdue by an hour, written in JDBC batches. */
    private static void insertBacklog(Connection db, UUID order, String deadTarget) throws SQLException {
        Timestamp anHourAgo = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO orders (reference, product_code, quantity, amount, currency, status,"
                + " callback_url, request_hash, scenario, plan, trace_id, created_at, updated_at, version) VALUES (?, 'SKU-BOOK-001', 1, 1.00,"
                + " 'EUR', 'COMPLETED', ?, REPEAT('0', 64), 'happy', '{}', 't', ?, ?, 0)")) {
            ps.setString(1, order.toString());
            ps.setString(2, deadTarget + "/hooks");
            ps.setTimestamp(3, anHourAgo);
            ps.setTimestamp(4, anHourAgo);
            ps.executeUpdate();
        }
        db.setAutoCommit(false);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type,"
                + " order_status, payload, target_url, target_key, trace_id, status, attempts, extra_deliveries, manual, next_attempt_at,"
                + " created_at) VALUES (?, ?, ?, 'order.status_changed', 'COMPLETED', '{}', ?, ?, 't', 'PENDING', 0, 0, false, ?, ?)")) {
            for (int i = 1; i <= BACKLOG; i++) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, order.toString());
                ps.setLong(3, i);
                ps.setString(4, deadTarget + "/hooks");
                ps.setString(5, deadTarget);
                ps.setTimestamp(6, anHourAgo);
                ps.setTimestamp(7, anHourAgo);
                ps.addBatch();
                if (i % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Attempts spent, events held by the breaker, events dead-lettered. */
    private static long[] backlogState(Connection db, UUID order) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT SUM(attempts), SUM(circuit_held_since IS NOT NULL AND status = 'PENDING'),"
                + " SUM(status = 'DEAD_LETTER') FROM callback_outbox WHERE order_reference = ?")) {
            ps.setString(1, order.toString());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
            }
        }
    }


}

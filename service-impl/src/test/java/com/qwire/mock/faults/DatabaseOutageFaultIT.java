package com.qwire.mock.faults;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TcpProxy;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away for 20 s — a real network failure between a real service process and
 * MariaDB — while transitions and deliveries are due. The service says so (readiness 503, a
 * problem+json 503 for a new order) and loses nothing: afterwards every order has each transition
 * once, every callback is delivered, and a callback arrives more than once only where an attempt was
 * in flight when the database went (its outcome could not be written, so its lease expired and it
 * was sent again: the documented at-least-once).
 */
class DatabaseOutageFaultIT {
    private static final int ORDERS = 30;

    @Test
    void twentySecondsWithoutTheDatabaseLoseNothingAndApplyNothingTwice(@TempDir Path dir) throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             TcpProxy proxy = new TcpProxy(TestDatabase.host(), TestDatabase.port())) {
            // Slow answers keep deliveries in flight when the database goes.
            receiver.script(r -> TestReceiver.Answer.slow(Duration.ofMillis(300)));
            int port = TestPlatform.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QWIRE_DB_URL", TestDatabase.urlThrough("127.0.0.1", proxy.port()));
            env.put("QWIRE_ORDER_PORT", Integer.toString(port));
            env.put("QWIRE_CALLBACK_PORT", Integer.toString(TestPlatform.freePort()));
            env.put("QWIRE_CALLBACK_URL", receiver.url());
            env.put("QWIRE_LOG_DIR", dir.resolve("logs").toString());
            env.put("QWIRE_ACCESS_LOG_CONSOLE", "false");
            env.put("QWIRE_PROCESSING_DELAY_MS", "500");
            env.put("QWIRE_COMPLETION_DELAY_MS", "3000");
            env.put("QWIRE_CALLBACK_LEASE_MS", "10000");
            String base = "http://127.0.0.1:" + port;

            List<String> references = new ArrayList<>();
            try (ServiceProcess service = ServiceProcess.start("order", env, dir.resolve("service.out"))) {
                service.awaitReady(base + "/health/ready");
                for (int i = 0; i < ORDERS; i++) {
                    var created = Http.postJson(base + "/v1/order",
                            "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}");
                    assertThat(created.statusCode()).isEqualTo(201);
                    references.add(json(created.body()).get("reference").asText());
                }
                // Cut while PROCESSING callbacks are in flight; every COMPLETED transition falls due in the outage.
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
                proxy.cut();

                await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(base + "/health/ready").statusCode() == 503);
                var refused = Http.postJson(base + "/v1/order",
                        "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(json(refused.body()).get("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
                // The outage lasts 20 s, the service staying up and saying so all along.
                await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
                        .until(() -> service.process().isAlive() && Http.get(base + "/health/live").statusCode() == 200
                                && Http.get(base + "/health/ready").statusCode() == 503);
                proxy.restore();

                await().atMost(Duration.ofSeconds(90)).until(() -> references.stream().allMatch(r -> statusesReceived(receiver, r).size() == 2));
            }

            assertThat(count("SELECT COUNT(*) FROM orders WHERE status = 'COMPLETED' AND reference IN (%s)", references)).containsExactly(ORDERS);
            assertThat(count("SELECT COUNT(*) FROM order_history WHERE order_reference IN (%s) GROUP BY order_reference", references))
                    .as("each order changed status exactly twice").hasSize(ORDERS).containsOnly(3);
            assertThat(count("SELECT COUNT(*) FROM callback_outbox WHERE status = 'DELIVERED' AND order_reference IN (%s)"
                    + " GROUP BY order_reference", references)).as("one event per change, each delivered").hasSize(ORDERS).containsOnly(2);

            // Each receipt is a distinct attempt; an event arrives again only after an attempt whose outcome was lost.
            Map<String, List<Integer>> attemptsReceived = receiver.received().stream()
                    .filter(r -> references.contains(json(r.body()).get("reference").asText()))
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.mapping(TestReceiver.Received::attempt, Collectors.toList())));
            assertThat(attemptsReceived).hasSize(ORDERS * 2);
            Map<String, Integer> lost = lostAttempts(references);
            int duplicated = 0;
            for (Map.Entry<String, List<Integer>> e : attemptsReceived.entrySet()) {
                assertThat(e.getValue()).as("attempts of %s", e.getKey()).doesNotHaveDuplicates();
                assertThat(e.getValue().size() - 1).as("extra receipts of %s, each after a lost outcome", e.getKey())
                        .isLessThanOrEqualTo(lost.getOrDefault(e.getKey(), 0));
                duplicated += e.getValue().size() > 1 ? 1 : 0;
            }
            System.out.printf("DatabaseOutageFaultIT: %d orders, %d callbacks, %d received twice (attempts in flight at the cut: %d)%n",
                    ORDERS, ORDERS * 2, duplicated, lost.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    private static java.util.Set<String> statusesReceived(TestReceiver receiver, String reference) {
        return receiver.receivedFor(reference).stream().map(r -> json(r.body()).get("status").asText()).collect(Collectors.toSet());
    }

    /** Per event: attempts counted by a claim whose outcome never got written. */
    private static Map<String, Integer> lostAttempts(List<String> references) throws Exception {
        Map<String, Integer> lost = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement("SELECT o.event_id, o.attempts - COUNT(a.attempt)"
                + " FROM callback_outbox o LEFT JOIN callback_attempts a ON a.event_id = o.event_id WHERE o.order_reference IN ("
                + placeholders(references) + ") GROUP BY o.event_id, o.attempts")) {
            for (int i = 0; i < references.size(); i++) {
                ps.setString(i + 1, references.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    lost.put(r.getString(1), r.getInt(2));
                }
            }
        }
        return lost;
    }

    private static List<Integer> count(String sql, List<String> references) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement(String.format(sql, placeholders(references)))) {
            for (int i = 0; i < references.size(); i++) {
                ps.setString(i + 1, references.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    counts.add(r.getInt(1));
                }
            }
        }
        return counts;
    }

    private static String placeholders(List<String> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(","));
    }

}

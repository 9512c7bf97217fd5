package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order service is SIGKILLed while transitions are due and deliveries are in flight, then
 * started again: every order completes exactly once and every callback arrives.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS = 40;

    @Test
    void killedMidFlightThenRestartedLosesNothingAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            // Slow answers keep deliveries in flight when the process dies.
            receiver.script(r -> TestReceiver.Answer.slow(Duration.ofMillis(150)));
            int port = TestPlatform.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QWIRE_DB_URL", TestDatabase.url());
            env.put("QWIRE_ORDER_PORT", Integer.toString(port));
            env.put("QWIRE_CALLBACK_PORT", Integer.toString(TestPlatform.freePort()));
            env.put("QWIRE_CALLBACK_URL", receiver.url());
            env.put("QWIRE_LOG_DIR", dir.resolve("logs").toString());
            env.put("QWIRE_ACCESS_LOG_CONSOLE", "false");
            env.put("QWIRE_PROCESSING_DELAY_MS", "300");
            env.put("QWIRE_COMPLETION_DELAY_MS", "300");
            env.put("QWIRE_CALLBACK_TIMEOUT_MS", "1000");
            env.put("QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", "500");
            env.put("QWIRE_CALLBACK_LEASE_MS", "2000");
            env.put("QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "100");
            String base = "http://127.0.0.1:" + port;

            List<String> references = new ArrayList<>();
            try (ServiceProcess first = ServiceProcess.start("order", env, dir.resolve("first.out"))) {
                first.awaitReady(base + "/health/ready");
                for (int i = 0; i < ORDERS; i++) {
                    var created = Http.postJson(base + "/v1/order",
                            "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}");
                    assertThat(created.statusCode()).isEqualTo(201);
                    references.add(JSON.readTree(created.body()).get("reference").asText());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
                first.kill();
            }
            assertThat(completedCount(references)).as("the crash came mid-flight").isLessThan(ORDERS);

            try (ServiceProcess second = ServiceProcess.start("order", env, dir.resolve("second.out"))) {
                second.awaitReady(base + "/health/ready");
                await().atMost(Duration.ofSeconds(60)).until(() -> references.stream().allMatch(r -> statusesReceived(receiver, r)
                        .containsAll(Set.of("PROCESSING", "COMPLETED"))));
            }
            assertThat(completedCount(references)).isEqualTo(ORDERS);
            assertThat(historyLengths(references)).as("each order changed status exactly twice").containsOnly(3);
            assertThat(eventsPerOrder(references)).as("one outbox event per status change").containsOnly(2);
        }
    }

    private static Set<String> statusesReceived(TestReceiver receiver, String reference) {
        return receiver.receivedFor(reference).stream().map(r -> {
            try {
                return JSON.readTree(r.body()).get("status").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
    }

    private static int completedCount(List<String> references) throws Exception {
        return count("SELECT COUNT(*) FROM orders WHERE status = 'COMPLETED' AND reference IN (" + placeholders(references) + ")", references).get(0);
    }

    private static List<Integer> historyLengths(List<String> references) throws Exception {
        return count("SELECT COUNT(*) FROM order_history WHERE order_reference IN (" + placeholders(references) + ") GROUP BY order_reference", references);
    }

    private static List<Integer> eventsPerOrder(List<String> references) throws Exception {
        return count("SELECT COUNT(*) FROM callback_outbox WHERE order_reference IN (" + placeholders(references) + ") GROUP BY order_reference", references);
    }

    private static String placeholders(List<String> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(","));
    }

    private static List<Integer> count(String sql, List<String> references) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < references.size(); i++) {
                ps.setString(i + 1, references.get(i));
            }
            List<Integer> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(rs.getInt(1));
                }
            }
            return counts;
        }
    }
}

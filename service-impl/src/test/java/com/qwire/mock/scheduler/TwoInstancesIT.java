package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.app.Platform;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two order-service instances on one database share the timeline and the outbox without doing any work twice. */
class TwoInstancesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS = 60;

    @Test
    void neitherATransitionNorAnAttemptIsEverTakenByBoth() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            receiver.script(r -> TestReceiver.Answer.slow(Duration.ofMillis(20)));
            Map<String, String> settings = Map.of("QWIRE_PROCESSING_DELAY_MS", "100", "QWIRE_COMPLETION_DELAY_MS", "100",
                    "QWIRE_CALLBACK_URL", receiver.url());
            try (Platform a = TestPlatform.start(settings); Platform b = TestPlatform.start(settings)) {
                String customer = "two-instances-" + System.nanoTime();
                List<String> references = new ArrayList<>();
                for (int i = 0; i < ORDERS; i++) {
                    int port = (i % 2 == 0 ? a : b).orderPort();
                    var created = Http.postJson("http://127.0.0.1:" + port + "/v1/order",
                            "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"customerId\":\"" + customer + "\"}");
                    assertThat(created.statusCode()).isEqualTo(201);
                    references.add(JSON.readTree(created.body()).get("reference").asText());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> references.stream().allMatch(r -> receiver.receivedFor(r).size() >= 2));
                Thread.sleep(500); // any second delivery of an attempt would arrive now

                Map<String, Long> perAttempt = receiver.received().stream()
                        .filter(r -> references.stream().anyMatch(r.body()::contains))
                        .collect(Collectors.groupingBy(r -> r.header("webhook-id") + "#" + r.header("X-Callback-Attempt"), Collectors.counting()));
                assertThat(perAttempt).hasSize(ORDERS * 2);
                assertThat(perAttempt.values()).as("each (webhook-id, attempt) arrived once").containsOnly(1L);
                assertThat(counts("SELECT COUNT(*) FROM order_history h JOIN orders o ON o.reference = h.order_reference"
                        + " WHERE o.customer_id = ? GROUP BY h.order_reference", customer, Function.identity()))
                        .as("each order changed status exactly twice").hasSize(ORDERS).containsOnly(3);
            }
        }
    }

    private static <T> List<T> counts(String sql, String customer, Function<Integer, T> map) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, customer);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(map.apply(rs.getInt(1)));
                }
            }
            return result;
        }
    }
}

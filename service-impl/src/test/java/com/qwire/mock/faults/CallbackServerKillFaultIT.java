package com.qwire.mock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callback server is SIGKILLed while callbacks pour in from eight senders. It restarts with its
 * log readable and /v1/check intact: every callback it acknowledged (200) before the kill is there. A
 * kill almost always lands between two writes; the torn tail that a kill inside a write leaves is
 * made explicitly (half a receipt line appended) and is skipped and reported at start-up, and the
 * next receipt starts on a line of its own.
 */
class CallbackServerKillFaultIT {
    private static final int SENDERS = 8;
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());

    @Test
    void killedMidStreamItRestartsWithEveryAcknowledgedReceipt(@TempDir Path dir) throws Exception {
        int port = TestPlatform.freePort();
        Path logs = dir.resolve("logs");
        Map<String, String> env = Map.of(
                "QWIRE_CALLBACK_PORT", Integer.toString(port),
                "QWIRE_ORDER_PORT", Integer.toString(TestPlatform.freePort()),
                "QWIRE_LOG_DIR", logs.toString(),
                "QWIRE_ACCESS_LOG_CONSOLE", "false");
        String base = "http://127.0.0.1:" + port;
        // Acknowledged event ids per reference.
        Map<UUID, Set<UUID>> acknowledged = new ConcurrentHashMap<>();
        try (ServiceProcess first = ServiceProcess.start("callback", env, dir.resolve("first.out"))) {
            first.awaitReady(base + "/health/ready");
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int s = 0; s < SENDERS; s++) {
                UUID reference = UUID.randomUUID();
                acknowledged.put(reference, ConcurrentHashMap.newKeySet());
                senders.execute(() -> {
                    for (long sequence = 1; sending.get(); sequence++) {
                        UUID eventId = UUID.randomUUID();
                        try {
                            if (send(client, base, reference, eventId, sequence) == 200) {
                                acknowledged.get(reference).add(eventId);
                            }
                        } catch (Exception killed) {
                            return; // the server is gone: what was not answered was not acknowledged
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> total(acknowledged) >= 400);
            first.kill(); // SIGKILL, mid-stream
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        // The torn tail of a write the kill cut short.
        Path log = logs.resolve("callback-received.log");
        String torn = Files.readAllLines(log).get(0);
        torn = torn.substring(0, torn.length() / 2);
        Files.writeString(log, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        UUID after = UUID.randomUUID();

        try (ServiceProcess second = ServiceProcess.start("callback", env, dir.resolve("second.out"))) {
            second.awaitReady(base + "/health/ready");
            assertThat(second.output()).contains("1 unreadable lines skipped");
            for (Map.Entry<UUID, Set<UUID>> e : acknowledged.entrySet()) {
                JsonNode check = json(Http.get(base + "/v1/check?reference=" + e.getKey()).body());
                Set<UUID> found = new HashSet<>();
                check.get("events").forEach(ev -> found.add(UUID.fromString(ev.get("eventId").asText())));
                assertThat(found).as("every acknowledged callback of %s", e.getKey()).containsAll(e.getValue());
            }
            // And it goes on receiving, the next receipt on a line of its own.
            assertThat(send(HttpClient.newHttpClient(), base, after, UUID.randomUUID(), 1)).isEqualTo(200);
            assertThat(json(Http.get(base + "/v1/check?reference=" + after).body()).get("count").asInt()).isEqualTo(1);
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(lines.size() - 2)).as("the torn line, left as it was").isEqualTo(torn);
        assertThat(json(lines.get(lines.size() - 1)).get("reference").asText()).isEqualTo(after.toString());
        System.out.printf("CallbackServerKillFaultIT: %d callbacks acknowledged before the kill, all found after the restart%n", total(acknowledged));
    }

    private static int send(HttpClient client, String base, UUID reference, UUID eventId, long sequence) throws Exception {
        String now = Instant.now().toString();
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"order.status_changed\",\"reference\":\"" + reference
                + "\",\"status\":\"PROCESSING\",\"previousStatus\":\"CREATED\",\"sequence\":" + sequence + ",\"occurredAt\":\"" + now
                + "\",\"order\":{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\","
                + "\"currency\":\"EUR\",\"status\":\"PROCESSING\",\"callbackUrl\":\"http://localhost/hooks\",\"createdAt\":\"" + now
                + "\",\"updatedAt\":\"" + now + "\",\"history\":[]}}";
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/callback"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("webhook-id", eventId.toString())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", SIGNER.sign(eventId.toString(), timestamp, body))
                .header("X-Callback-Attempt", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int total(Map<UUID, Set<UUID>> acknowledged) {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }
}

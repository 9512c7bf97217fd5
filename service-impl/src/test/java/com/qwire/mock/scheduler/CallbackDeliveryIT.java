package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callback flow on real MariaDB with real HTTP: timeline, outbox, signed delivery, retries with
 * backoff, timeouts, dead letters and redelivery. Receiver-side behaviour is scripted per order.
 */
class CallbackDeliveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INITIAL_BACKOFF_MS = 200;
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "100",
            "QWIRE_COMPLETION_DELAY_MS", "100",
            "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", Long.toString(INITIAL_BACKOFF_MS),
            "QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", "0.2",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "3",
            "QWIRE_CALLBACK_TIMEOUT_MS", "400"));


    private static String createOrder(String product, String callbackUrl) throws Exception {
        String body = "{\"productCode\":\"" + product + "\",\"quantity\":1,\"amount\":\"4.20\",\"currency\":\"EUR\""
                + (callbackUrl == null ? "" : ",\"callbackUrl\":\"" + callbackUrl + "\"") + "}";
        var response = Http.postJson(orderUrl(""), body);
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).get("reference").asText();
    }

    private static String orderUrl(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + "/v1/order" + path;
    }

    private static JsonNode get(String url) throws Exception {
        var response = Http.get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode order(String reference) throws Exception {
        return get(orderUrl("?reference=" + reference));
    }

    private static java.time.Instant at(JsonNode time) {
        return java.time.OffsetDateTime.parse(time.asText()).toInstant();
    }

    private static JsonNode journal(String reference) throws Exception {
        return get("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/callbacks?reference=" + reference).get("events");
    }

    /** Scripts the receiver for one order only; other orders' callbacks get 200. */
    private static void scriptFor(String reference, Function<TestReceiver.Received, TestReceiver.Answer> answer) {
        var previous = receiverScript;
        receiverScript = r -> r.body().contains(reference) ? answer.apply(r) : previous.apply(r);
        receiver.script(receiverScript);
    }

    private static Function<TestReceiver.Received, TestReceiver.Answer> receiverScript = r -> TestReceiver.Answer.ok();

    @Test
    void orderRunsToCompletedAndBothCallbacksReachTheCallbackServer() throws Exception {
        String reference = createOrder("SKU-BOOK-001", null);

        await().atMost(Duration.ofSeconds(15)).until(() -> settled(order(reference), "COMPLETED", 2));
        JsonNode order = order(reference);
        assertThat(order.get("history")).extracting(h -> h.get("to").asText()).containsExactly("CREATED", "PROCESSING", "COMPLETED");
        assertThat(order.get("history").get(2).get("reason").asText()).isEqualTo("PROCESSING_SUCCEEDED");
        assertThat(order.get("callback").get("sequence").asLong()).isEqualTo(2);
        assertThat(order.get("callback").get("attempts").asInt()).isEqualTo(1);
        assertThat(order.get("callback").get("lastResponseStatus").asInt()).isEqualTo(200);

        JsonNode check = get("http://127.0.0.1:" + platform.callbackPort() + "/v1/check?reference=" + reference);
        assertThat(check.get("received").asBoolean()).isTrue();
        assertThat(check.get("count").asInt()).isEqualTo(2);
        // Arrival order is not guaranteed (specs/callback-policy.md); each status arrives once.
        assertThat(check.get("events")).extracting(e -> e.get("status").asText()).containsExactlyInAnyOrder("PROCESSING", "COMPLETED");
        assertThat(check.get("events")).allSatisfy(e -> {
            assertThat(e.get("signatureValid").asBoolean()).isTrue();
            assertThat(e.get("duplicate").asBoolean()).isFalse();
        });
    }

    @Test
    void outOfStockOrderFailsAndReportsIt() throws Exception {
        String reference = createOrder("SKU-GPU-003", receiver.url());
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(order(reference).path("callback").path("status").asText()));
        JsonNode order = order(reference);
        assertThat(order.get("status").asText()).isEqualTo("FAILED");
        assertThat(order.get("history").get(1).get("reason").asText()).isEqualTo("OUT_OF_STOCK");
        List<TestReceiver.Received> arrived = receiver.receivedFor(reference);
        assertThat(arrived).hasSize(1);
        JsonNode event = JSON.readTree(arrived.get(0).body());
        assertThat(event.get("status").asText()).isEqualTo("FAILED");
        assertThat(event.get("previousStatus").asText()).isEqualTo("CREATED");
        assertThat(event.get("sequence").asLong()).isEqualTo(1);
        assertThat(event.get("order").get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void everyAttemptIsSignedSoAnyStandardWebhooksReceiverVerifiesIt() throws Exception {
        String reference = createOrder("SKU-BOOK-001", receiver.url());
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.receivedFor(reference).size() >= 2);
        Webhook standardWebhooks = new Webhook(Config.DEFAULT_WEBHOOK_SECRET);
        for (TestReceiver.Received r : receiver.receivedFor(reference)) {
            Map<String, List<String>> headers = Map.of(
                    "webhook-id", List.of(r.header("webhook-id")),
                    "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                    "webhook-signature", List.of(r.header("webhook-signature")));
            standardWebhooks.verify(r.body(), headers); // throws if it does not verify
            JsonNode event = JSON.readTree(r.body());
            assertThat(r.header("webhook-id")).isEqualTo(event.get("eventId").asText());
            assertThat(r.header("X-Callback-Attempt")).isEqualTo("1");
            assertThat(r.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void twoFailuresThenSuccessIsDeliveredOnAttemptThreeWithBackoffBetween() throws Exception {
        String reference = createOrderScripted(r -> r.attempt() < 3 ? TestReceiver.Answer.status(503) : TestReceiver.Answer.ok());
        // Both events retry with jitter, so COMPLETED may land before PROCESSING's last attempt: wait for both.
        await().atMost(Duration.ofSeconds(20)).until(() -> allDelivered(journal(reference), 2));

        String processingEvent = journal(reference).get(1).get("eventId").asText();
        List<TestReceiver.Received> attempts = receiver.receivedFor(reference).stream()
                .filter(r -> r.header("webhook-id").equals(processingEvent)).toList();
        assertThat(attempts).extracting(TestReceiver.Received::attempt).containsExactly(1, 2, 3);

        // The schedule, not the wall clock: each retry was planned 200 ms then 400 ms (±20 % jitter)
        // after its attempt finished (start + duration, to the millisecond stored), and none went early.
        JsonNode processing = journal(reference).get(1);
        JsonNode log = processing.get("attemptLog");
        for (int i = 0; i < 2; i++) {
            long backoff = INITIAL_BACKOFF_MS << i;
            java.time.Instant finished = at(log.get(i).get("startedAt")).plusMillis(log.get(i).get("durationMs").asLong());
            long plannedMs = java.time.Duration.between(finished, at(log.get(i).get("nextAttemptAt"))).toMillis();
            assertThat(plannedMs).as("backoff after attempt %d", i + 1).isBetween(backoff * 8 / 10 - 2, backoff * 12 / 10 + 2);
            assertThat(at(log.get(i + 1).get("startedAt"))).as("attempt %d not before its time", i + 2)
                    .isAfterOrEqualTo(at(log.get(i).get("nextAttemptAt")));
        }

        assertThat(processing.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(processing.get("attemptLog")).extracting(a -> a.get("outcome").asText()).containsExactly("RETRY", "RETRY", "DELIVERED");
        assertThat(processing.get("attemptLog")).extracting(a -> a.path("responseStatus").asInt()).containsExactly(503, 503, 200);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        String reference = createOrderScripted(r -> r.attempt() == 1 ? new TestReceiver.Answer(429, Duration.ZERO, 1) : TestReceiver.Answer.ok());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedFor(reference).stream()
                .filter(r -> r.body().contains("\"status\":\"PROCESSING\"")).count() == 2);
        List<TestReceiver.Received> processing = receiver.receivedFor(reference).stream()
                .filter(r -> r.body().contains("\"status\":\"PROCESSING\"")).toList();
        assertThat(processing).extracting(TestReceiver.Received::attempt).containsExactly(1, 2);
        assertThat((processing.get(1).nanos() - processing.get(0).nanos()) / 1_000_000).isGreaterThanOrEqualTo(950L);
    }

    @Test
    void slowReceiverIsTimedOutRetriedDeadLetteredAndThenRedeliveredOnDemand() throws Exception {
        String reference = createOrderScripted(r -> TestReceiver.Answer.slow(Duration.ofMillis(1500)));
        // One read per check: the journal grows (the COMPLETED event) between two reads.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode events = journal(reference);
            return events.size() >= 1 && "DEAD_LETTER".equals(events.get(events.size() - 1).get("status").asText());
        });
        JsonNode all = journal(reference);
        JsonNode processing = all.get(all.size() - 1); // newest first: the oldest event, PROCESSING, is last
        assertThat(processing.get("attempts").asInt()).isEqualTo(3);
        assertThat(processing.get("attemptLog")).extracting(a -> a.get("outcome").asText()).containsExactly("RETRY", "RETRY", "DEAD_LETTER");
        assertThat(processing.get("attemptLog")).allSatisfy(a -> {
            assertThat(a.get("errorClass").asText()).isEqualTo("TIMEOUT");
            assertThat(a.get("error").asText()).matches("no complete answer within \\d+ ms|timed out waiting for the answer");
            assertThat(a.has("responseStatus")).isFalse();
        });
        assertThat(processing.has("deadLetteredAt")).isTrue();

        scriptFor(reference, r -> TestReceiver.Answer.ok());
        String eventId = processing.get("eventId").asText();
        var redeliver = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/callbacks/" + eventId + "/redeliver", "");
        assertThat(redeliver.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventStatus(reference, eventId).equals("DELIVERED"));
        JsonNode delivered = event(reference, eventId);
        JsonNode manual = delivered.get("attemptLog").get(3);
        assertThat(manual.get("trigger").asText()).isEqualTo("MANUAL");
        assertThat(manual.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(receiver.receivedFor(reference).stream().filter(r -> r.header("webhook-id").equals(eventId)))
                .extracting(TestReceiver.Received::attempt).containsExactly(1, 2, 3, 4);
    }

    @Test
    void nonRetryableClientErrorIsDeadLetteredAfterOneAttempt() throws Exception {
        String reference = createOrderScripted(r -> TestReceiver.Answer.status(410));
        // The order itself carries on; each of its callbacks is dead-lettered after its single attempt.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode snapshot = order(reference);
            return "COMPLETED".equals(snapshot.path("status").asText()) && snapshot.path("callback").path("sequence").asLong() == 2
                    && "DEAD_LETTER".equals(snapshot.path("callback").path("status").asText());
        });
        JsonNode order = order(reference);
        assertThat(order.get("callback").get("attempts").asInt()).isEqualTo(1);
        assertThat(order.get("callback").get("lastResponseStatus").asInt()).isEqualTo(410);
        await().atMost(Duration.ofSeconds(5)).until(() -> journal(reference).size() == 2
                && "DEAD_LETTER".equals(journal(reference).get(1).get("status").asText()));
        for (JsonNode event : journal(reference)) {
            assertThat(event.get("attempts").asInt()).isEqualTo(1);
            assertThat(event.get("attemptLog")).extracting(a -> a.get("outcome").asText()).containsExactly("DEAD_LETTER");
            assertThat(event.get("attemptLog").get(0).get("responseStatus").asInt()).isEqualTo(410);
        }
    }

    /** One snapshot: the order reached {@code status} and its callback number {@code sequence} was delivered. */
    private static boolean allDelivered(JsonNode journal, int events) {
        if (journal.size() != events) {
            return false;
        }
        for (JsonNode event : journal) {
            if (!"DELIVERED".equals(event.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean settled(JsonNode order, String status, long sequence) {
        return status.equals(order.path("status").asText())
                && order.path("callback").path("sequence").asLong() == sequence
                && "DELIVERED".equals(order.path("callback").path("status").asText());
    }

    /** An order whose callbacks the receiver answers with {@code answer}; the script is set before the first callback. */
    private static String createOrderScripted(Function<TestReceiver.Received, TestReceiver.Answer> answer) throws Exception {
        UUID reference = UUID.randomUUID();
        scriptFor(reference.toString(), answer);
        var response = Http.postJson(orderUrl(""), "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,"
                + "\"amount\":\"4.20\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return reference.toString();
    }

    private static JsonNode event(String reference, String eventId) throws Exception {
        for (JsonNode e : journal(reference)) {
            if (e.get("eventId").asText().equals(eventId)) {
                return e;
            }
        }
        throw new AssertionError("no event " + eventId);
    }

    private static String eventStatus(String reference, String eventId) throws Exception {
        return event(reference, eventId).get("status").asText();
    }
}

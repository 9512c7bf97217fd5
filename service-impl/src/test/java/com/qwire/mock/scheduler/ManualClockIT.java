package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * QWIRE_CLOCK=manual on MariaDB: time stands still until the test moves it, and every due transition
 * and callback attempt — retries included — fires in due order before the move answers. No sleeps, no
 * polling: each assertion reads the state right after a move.
 */
class ManualClockIT {

    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual",
            "QWIRE_CLOCK_START", "2026-01-01T00:00:00Z",
            "QWIRE_PROCESSING_DELAY_MS", "200",
            "QWIRE_COMPLETION_DELAY_MS", "500",
            "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "1000",
            "QWIRE_CALLBACK_BACKOFF_MULTIPLIER", "2",
            "QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", "0",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "5"));

    private static String admin(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + "/v1/admin" + path;
    }


    private static JsonNode advance(String duration) {
        var response = Http.request("POST", admin("/clock/advance"), "application/json", "{\"duration\":\"" + duration + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode order(String reference) {
        return json(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/order?reference=" + reference).body());
    }

    private static List<JsonNode> journal(String reference) {
        JsonNode events = json(Http.get(admin("/callbacks?reference=" + reference)).body()).get("events");
        List<JsonNode> list = new java.util.ArrayList<>();
        events.forEach(list::add);
        list.sort(java.util.Comparator.comparingLong(e -> e.get("sequence").asLong()));
        return list;
    }

    private static java.time.Instant at(JsonNode time) {
        return java.time.OffsetDateTime.parse(time.asText()).toInstant();
    }

    private static String statusOf(TestReceiver.Received r) {
        return json(r.body()).get("status").asText();
    }

    @BeforeEach
    void isolate() {
        assertThat(Http.request("POST", admin("/reset"), null, null).statusCode()).isEqualTo(200);
        receiver.script(r -> TestReceiver.Answer.ok());
    }

    @Test
    void aFullLifecycleWithRetriesRunsOnTheManualClockWithoutSleeping() {
        // The PROCESSING callback fails twice with 503; everything else is accepted.
        receiver.script(r -> statusOf(r).equals("PROCESSING") && r.attempt() <= 2 ? TestReceiver.Answer.status(503) : TestReceiver.Answer.ok());
        java.time.Instant start = java.time.Instant.parse(json(Http.get(admin("/clock")).body()).get("now").asText());

        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String reference = json(created.body()).get("reference").asText();
        assertThat(at(json(created.body()).get("createdAt"))).isEqualTo(start);

        JsonNode quiet = advance("PT0.199S");
        assertThat(quiet.get("transitionsApplied").asInt()).isZero();
        assertThat(order(reference).get("status").asText()).isEqualTo("CREATED");
        assertThat(receiver.received()).isEmpty();

        JsonNode processing = advance("PT0.001S");
        assertThat(at(processing.get("now"))).isEqualTo(start.plusMillis(200));
        assertThat(processing.get("transitionsApplied").asInt()).isEqualTo(1);
        assertThat(processing.get("callbackAttempts").asInt()).isEqualTo(1);
        assertThat(order(reference).get("status").asText()).isEqualTo("PROCESSING");

        JsonNode rest = advance("PT10S");
        assertThat(at(rest.get("now"))).isEqualTo(start.plusMillis(10_200));
        assertThat(rest.get("transitionsApplied").asInt()).isEqualTo(1);
        assertThat(rest.get("callbackAttempts").asInt()).isEqualTo(3);

        JsonNode done = order(reference);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(at(done.get("history").get(2).get("at"))).isEqualTo(start.plusMillis(700));

        // Attempts landed exactly on the backoff schedule (1 s, then 2 s; no jitter), on the manual clock.
        List<JsonNode> events = journal(reference);
        JsonNode processingEvent = events.get(0);
        assertThat(processingEvent.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(processingEvent.get("attemptLog")).extracting(a -> at(a.get("startedAt"))).containsExactly(
                start.plusMillis(200), start.plusMillis(1200), start.plusMillis(3200));
        assertThat(processingEvent.get("attemptLog")).extracting(a -> a.get("responseStatus").asInt()).containsExactly(503, 503, 200);
        assertThat(at(processingEvent.get("deliveredAt"))).isEqualTo(start.plusMillis(3200));
        assertThat(events.get(1).get("attemptLog")).extracting(a -> at(a.get("startedAt"))).containsExactly(start.plusMillis(700));

        // And they reached the receiver in exactly due order.
        assertThat(receiver.received()).extracting(r -> statusOf(r) + "#" + r.attempt())
                .containsExactly("PROCESSING#1", "COMPLETED#1", "PROCESSING#2", "PROCESSING#3");
    }

    /** A due transition whose order cannot be read (its stored plan is broken) must not hold back the others. */
    @Test
    void aTransitionThatCannotBeAppliedStaysPendingAndStallsNoOther() throws Exception {
        String poison = java.util.UUID.randomUUID().toString();
        String transition = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(com.qwire.mock.testing.TestDatabase.url(),
                com.qwire.mock.testing.TestDatabase.user(), com.qwire.mock.testing.TestDatabase.password())) {
            sql(c, "INSERT INTO orders (reference, product_code, quantity, amount, currency, status, callback_url, request_hash, scenario,"
                    + " plan, trace_id, created_at, updated_at, version) VALUES (?, 'SKU-BOOK-001', 1, 1.00, 'EUR', 'CREATED', 'http://x',"
                    + " REPEAT('0', 64), 'happy', '{broken', 't', '2000-01-01 00:00:00', '2000-01-01 00:00:00', 0)", poison);
            sql(c, "INSERT INTO order_transitions (id, order_reference, target_status, reason, due_at, status, plan_step)"
                    + " VALUES (?, ?, 'PROCESSING', 'PROCESSING_STARTED', '2000-01-01 00:00:00', 'PENDING', 0)", transition, poison);
        }
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        String reference = json(created.body()).get("reference").asText();

        JsonNode moved = advance("PT1S");
        assertThat(moved.get("transitionsApplied").asInt()).as("the healthy order's two transitions").isEqualTo(2);
        assertThat(order(reference).get("status").asText()).isEqualTo("COMPLETED");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(com.qwire.mock.testing.TestDatabase.url(),
                com.qwire.mock.testing.TestDatabase.user(), com.qwire.mock.testing.TestDatabase.password());
             java.sql.PreparedStatement q = c.prepareStatement("SELECT status FROM order_transitions WHERE id = ?")) {
            q.setString(1, transition);
            try (java.sql.ResultSet r = q.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("still pending, tried again later").isEqualTo("PENDING");
            }
        }
    }

    private static void sql(java.sql.Connection c, String statement, Object... args) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void advancesMadeAtOnceMoveTimeByTheirSum() throws Exception {
        java.time.Instant before = at(json(Http.get(admin("/clock")).body()).get("now"));
        int threads = 4;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        advance("PT1S");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        java.time.Instant after = at(json(Http.get(admin("/clock")).body()).get("now"));
        assertThat(java.time.Duration.between(before, after)).isEqualTo(java.time.Duration.ofSeconds(threads * each));
    }

    @Test
    void settingTheTimeFiresWhatFallsDueAndRefusesToGoBack() {
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        String reference = json(created.body()).get("reference").asText();
        String now = json(Http.get(admin("/clock")).body()).get("now").asText();
        java.time.Instant later = java.time.Instant.parse(now).plusSeconds(60);

        var set = Http.request("PUT", admin("/clock"), "application/json", "{\"now\":\"" + later + "\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set.body()).get("transitionsApplied").asInt()).isEqualTo(2);
        assertThat(order(reference).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(receiver.receivedFor(reference)).hasSize(2);

        var back = Http.request("PUT", admin("/clock"), "application/json", "{\"now\":\"" + now + "\"}");
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(json(back.body()).get("code").asText()).isEqualTo("CLOCK_BACKWARDS");
        assertThat(at(json(Http.get(admin("/clock")).body()).get("now"))).isEqualTo(later);
    }

    @Test
    void aManualTransitionsCallbackIsSettledWithoutMovingTime() {
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        String reference = json(created.body()).get("reference").asText();
        java.time.Instant before = at(json(Http.get(admin("/clock")).body()).get("now"));

        assertThat(Http.request("POST", admin("/orders/" + reference + "/transition"), "application/json", "{\"to\":\"CANCELLED\"}").statusCode())
                .isEqualTo(200);
        JsonNode settled = advance("PT0S");

        assertThat(at(settled.get("now"))).isEqualTo(before);
        assertThat(journal(reference)).singleElement().satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("DELIVERED"));
        assertThat(receiver.receivedFor(reference)).extracting(ManualClockIT::statusOf).containsExactly("CANCELLED");
        // The plan's PROCESSING step no longer fits a cancelled order: moving on is skipped, nothing more is sent.
        advance("PT1M");
        assertThat(order(reference).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order(reference).get("history")).hasSize(2);
        assertThat(receiver.receivedFor(reference)).hasSize(1);
    }

    /** Issue 10: a move beyond the documented bounds is a 400 naming the field, not a 500; the clock stays where it was. */
    @Test
    void aMoveBeyondTheBoundsIs400NamingTheField() {
        String before = json(Http.get(admin("/clock")).body()).get("now").asText();
        var huge = Http.request("POST", admin("/clock/advance"), "application/json", "{\"duration\":\"P999999999999D\"}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(json(huge.body()).get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(json(huge.body()).get("errors").get(0).get("field").asText()).isEqualTo("duration");
        assertThat(json(huge.body()).get("errors").get(0).get("message").asText()).contains("must be at most P3650D (ten years)");
        var far = Http.request("PUT", admin("/clock"), "application/json", "{\"now\":\"9500-01-01T00:00:00Z\"}");
        assertThat(far.statusCode()).isEqualTo(400);
        assertThat(json(far.body()).get("errors").get(0).get("field").asText()).isEqualTo("now");
        assertThat(json(Http.get(admin("/clock")).body()).get("now").asText()).isEqualTo(before);
    }
}

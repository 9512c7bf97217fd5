package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TcpProxy;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target that stops answering is isolated by its circuit breaker, on the manual clock so every
 * instant is exact: its callbacks wait for the probe without spending attempts (and the journal and
 * the order say so), another target's callbacks go on time, a failed probe reopens the breaker, and a
 * successful one sends everything that waited at once.
 */
class FairDeliveryIT {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final TestReceiver healthy = TestReceiver.start();

    @RegisterExtension
    static final TestReceiver behindProxy = TestReceiver.start();

    /** The "dead" target: a relay to a working receiver that the test cuts (connections closed unanswered) and restores. */
    private static final TcpProxy proxy = proxyTo(behindProxy);

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual",
            "QWIRE_CLOCK_START", START.toString(),
            "QWIRE_PROCESSING_DELAY_MS", "200",
            "QWIRE_COMPLETION_DELAY_MS", "500",
            "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "1000",
            "QWIRE_CALLBACK_BACKOFF_MULTIPLIER", "2",
            "QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", "0",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "6"));

    private static TcpProxy proxyTo(TestReceiver receiver) {
        try {
            return new TcpProxy("127.0.0.1", URI.create(receiver.url()).getPort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void aDeadTargetWaitsForItsBreakerWithoutSpendingAttemptsAndStallsNoOtherTarget() {
        String deadUrl = "http://127.0.0.1:" + proxy.port() + "/hooks";
        String deadTarget = "http://127.0.0.1:" + proxy.port();
        // Other classes' rows on the manual clock's instants would be delivered (and counted) here too.
        assertThat(Http.request("POST", admin("/reset"), null, null).statusCode()).isEqualTo(200);
        proxy.cut();

        List<String> stalled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stalled.add(create(deadUrl));
        }
        String first = create(healthy.url());

        // PROCESSING (t=0.2) and COMPLETED (t=0.7): ten attempts get no answer, the tenth opens the breaker.
        assertThat(advance("PT0.7S").get("callbackAttempts").asInt()).isEqualTo(12);
        assertThat(healthy.receivedFor(first)).hasSize(2);
        // From then on all ten wait for the probe (0.7 + 10 s, the first instant after): at t=1.2, when the
        // first retries were due, nothing is sent.
        Instant probe = START.plusMillis(10_701);
        assertThat(advance("PT0.5S").get("callbackAttempts").asInt()).as("nothing sent to the open target").isZero();

        JsonNode moved = advance("PT3.8S"); // t=5.0: without the breaker, three more rounds of retries would have gone
        assertThat(moved.get("callbackAttempts").asInt()).isZero();
        for (String reference : stalled) {
            assertThat(journal(reference)).hasSize(2).allSatisfy(event -> {
                assertThat(event.get("status").asText()).isEqualTo("PENDING");
                assertThat(event.get("attempts").asInt()).as("no attempt spent while waiting").isEqualTo(1);
                assertThat(at(event.get("nextAttemptAt"))).isEqualTo(probe);
                assertThat(event.get("waitingForCircuit").get("target").asText()).isEqualTo(deadTarget);
                assertThat(at(event.get("waitingForCircuit").get("since"))).as("since the breaker opened").isEqualTo(START.plusMillis(700));
            });
            JsonNode summary = order(reference).get("callback");
            assertThat(summary.get("waitingForCircuit").get("target").asText()).isEqualTo(deadTarget);
            assertThat(at(summary.get("nextAttemptAt"))).isEqualTo(probe);
        }

        // Another target meanwhile: its callbacks go at their exact instants.
        String during = create(healthy.url());
        JsonNode processing = advance("PT0.2S");
        assertThat(processing.get("callbackAttempts").asInt()).isEqualTo(1);
        assertThat(journal(during).get(0).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(at(journal(during).get(0).get("attemptLog").get(0).get("startedAt"))).isEqualTo(START.plusMillis(5200));
        assertThat(journal(during).get(0).has("waitingForCircuit")).isFalse();
        assertThat(advance("PT0.5S").get("callbackAttempts").asInt()).as("its COMPLETED callback, at t=5.7").isEqualTo(1);
        assertThat(healthy.receivedFor(during)).hasSize(2);

        // The probe: one attempt; it gets no answer, so the breaker opens again for 10 s.
        JsonNode probed = moveTo(probe);
        assertThat(probed.get("callbackAttempts").asInt()).as("one probe").isEqualTo(1);
        Instant secondProbe = probe.plusMillis(10_001);
        assertThat(allEvents(stalled)).allSatisfy(event -> {
            assertThat(event.get("status").asText()).isEqualTo("PENDING");
            assertThat(at(event.get("nextAttemptAt"))).isEqualTo(secondProbe);
            assertThat(event.has("waitingForCircuit")).isTrue();
        });
        assertThat(allEvents(stalled)).extracting(e -> e.get("attempts").asInt()).containsExactlyInAnyOrder(2, 1, 1, 1, 1, 1, 1, 1, 1, 1);

        // The target comes back: the next probe succeeds and every waiting callback goes at that instant.
        proxy.restore();
        JsonNode recovered = moveTo(secondProbe);
        assertThat(recovered.get("callbackAttempts").asInt()).isEqualTo(10);
        assertThat(allEvents(stalled)).allSatisfy(event -> {
            assertThat(event.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(at(event.get("deliveredAt"))).isEqualTo(secondProbe);
            assertThat(event.has("waitingForCircuit")).isFalse();
        });
        for (String reference : stalled) {
            assertThat(behindProxy.receivedFor(reference)).hasSize(2);
        }
    }

    private static String create(String callbackUrl) {
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + callbackUrl + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).get("reference").asText();
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + "/v1/admin" + path;
    }

    private static JsonNode advance(String duration) {
        var response = Http.request("POST", admin("/clock/advance"), "application/json", "{\"duration\":\"" + duration + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode moveTo(Instant instant) {
        Instant now = at(json(Http.get(admin("/clock")).body()).get("now"));
        return advance(java.time.Duration.between(now, instant).toString());
    }

    private static JsonNode order(String reference) {
        return json(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/order?reference=" + reference).body());
    }

    private static List<JsonNode> journal(String reference) {
        List<JsonNode> list = new ArrayList<>();
        json(Http.get(admin("/callbacks?reference=" + reference)).body()).get("events").forEach(list::add);
        list.sort(java.util.Comparator.comparingLong(e -> e.get("sequence").asLong()));
        return list;
    }

    private static List<JsonNode> allEvents(List<String> references) {
        return references.stream().flatMap(r -> journal(r).stream()).toList();
    }

    private static Instant at(JsonNode time) {
        return java.time.OffsetDateTime.parse(time.asText()).toInstant();
    }
}

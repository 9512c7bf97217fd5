package com.qwire.mock.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * QWIRE_SEED plus a manual clock make a run reproducible: the same scripted requests against a fresh
 * platform give the same journal — references, event ids, trace ids, drawn waits, fault draws, retry
 * jitter and every time stamp. Only each attempt's measured {@code durationMs} is wall-clock and left out.
 */
class SeedDeterminismIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COIN = """
            description: Random waits and a coin-flip 503 on create.
            steps:
              - wait: { uniform: { min: PT1S, max: PT5S } }
                to: PROCESSING
              - wait: { lognormal: { median: PT3S, sigma: 0.8 } }
                to: COMPLETED
            api:
              create: { status: 503, probability: 0.5, retryAfter: PT1S }
            """;

    // The same ports in every run: the callback URL is part of each order.
    private static final int ORDER_PORT = TestPlatform.freePort();
    private static final int CALLBACK_PORT = TestPlatform.freePort();

    @Test
    void twoRunsWithTheSameSeedProduceIdenticalJournals() {
        JsonNode first = scriptedRun("42", 0);
        // Untraced calls (probes, a look at the scenarios) before the script must not shift its draws.
        JsonNode second = scriptedRun("42", 5);
        JsonNode otherSeed = scriptedRun("43", 0);

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        // The script really exercised draws: the coin fell both ways, and the receiver's faults forced retries.
        assertThat(first.get("creates").toString()).contains("\"status\":201").contains("\"status\":503");
        assertThat(first.get("journal").toString()).contains("\"responseStatus\":503").contains("\"status\":\"DELIVERED\"");
        assertThat(first.get("orders")).allSatisfy(o -> assertThat(o.get("status").asText()).isIn("COMPLETED", "FAILED"));
    }

    /** Starts a fresh platform with {@code seed}, runs the same requests, and returns everything they produced. */
    private static JsonNode scriptedRun(String seed, int untracedCallsFirst) {
        Platform platform = TestPlatform.start(Map.of(
                "QWIRE_SEED", seed,
                "QWIRE_CLOCK", "manual",
                "QWIRE_CLOCK_START", "2026-03-01T09:00:00Z",
                "QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", "0.5",
                "QWIRE_ORDER_PORT", Integer.toString(ORDER_PORT),
                "QWIRE_CALLBACK_PORT", Integer.toString(CALLBACK_PORT),
                "QWIRE_CALLBACK_URL", "http://127.0.0.1:" + CALLBACK_PORT + "/v1/callback"));
        try {
            String orders = "http://127.0.0.1:" + platform.orderPort() + "/v1";
            String callbacks = "http://127.0.0.1:" + platform.callbackPort() + "/v1";
            for (int i = 0; i < untracedCallsFirst; i++) {
                assertThat(Http.get("http://127.0.0.1:" + platform.orderPort() + "/health/ready").statusCode()).isEqualTo(200);
                assertThat(Http.get(orders + "/admin/scenarios").statusCode()).isEqualTo(200);
            }
            assertThat(Http.request("POST", orders + "/admin/reset", null, null).statusCode()).isEqualTo(200);
            assertThat(Http.request("PUT", orders + "/admin/scenarios/coin", "application/yaml", COIN).statusCode()).isIn(200, 201);
            assertThat(Http.postJson(callbacks + "/admin/faults", "{\"action\":\"FAIL\",\"status\":503,\"count\":3}").statusCode()).isEqualTo(201);

            ObjectNode run = JSON.createObjectNode();
            ArrayNode creates = run.putArray("creates");
            ArrayNode references = JSON.createArrayNode();
            String[] scenarios = {"coin", "coin", "coin", "coin", "coin", "coin", "flaky-callback", "fail", "happy", "coin"};
            for (int i = 0; i < scenarios.length; i++) {
                // Traced, as a client would: the order's trace then does not depend on untraced calls elsewhere.
                HttpResponse<String> response = Http.request("POST", orders + "/order", "application/json",
                        "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"scenario\":\""
                                + scenarios[i] + "\"}", "X-Trace-Id", "seed-run-" + i);
                JsonNode body = json(response.body());
                creates.addObject().put("status", response.statusCode()).set("body", body);
                if (response.statusCode() == 201) {
                    references.add(body.get("reference").asText());
                }
                assertThat(Http.request("POST", orders + "/admin/clock/advance", "application/json", "{\"duration\":\"PT0.25S\"}").statusCode())
                        .isEqualTo(200);
            }
            assertThat(Http.request("POST", orders + "/admin/clock/advance", "application/json", "{\"duration\":\"PT5M\"}").statusCode())
                    .isEqualTo(200);

            ArrayNode orderStates = run.putArray("orders");
            ArrayNode checks = run.putArray("checks");
            for (JsonNode reference : references) {
                orderStates.add(json(Http.get(orders + "/order?reference=" + reference.asText()).body()));
                checks.add(json(Http.get(callbacks + "/check?reference=" + reference.asText()).body()));
            }
            JsonNode journal = json(Http.get(orders + "/admin/callbacks").body()).get("events");
            journal.forEach(event -> event.get("attemptLog").forEach(attempt -> ((ObjectNode) attempt).remove("durationMs")));
            run.set("journal", journal);
            run.set("clock", json(Http.get(orders + "/admin/clock").body()));
            return run;
        } finally {
            platform.close();
        }
    }
}
